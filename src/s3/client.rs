//! Building one S3 client from the settings and the standard AWS credential chain.

use anyhow::Result;
use aws_config::meta::region::RegionProviderChain;
use aws_config::profile::ProfileFileRegionProvider;
use aws_config::BehaviorVersion;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_credential_types::Credentials;
use aws_sdk_s3::config::Region;

use crate::error::Failure;
use crate::net::sdk::LazyHttpClient;

/// Where no region is configured anywhere, sign for the region every S3 endpoint accepts.
const FALLBACK_REGION: &str = "us-east-1";

/// An S3 client with the credentials it resolved, ready to sign and send.
pub struct S3Context {
    /// The client; it starts with [`S3Context::credentials`] and refreshes them from the chain
    /// when they near their expiry.
    pub client: aws_sdk_s3::Client,
    /// Credentials resolved once, so every link in a batch is signed without another lookup.
    pub credentials: Credentials,
    /// The region requests are signed for.
    pub region: String,
    /// What the endpoint rules need to place a bucket (for presigning without the client).
    pub endpoint_params: EndpointSettings,
}

/// Where and as whom to connect, as the settings decided it.
#[derive(Clone, Debug, Default)]
pub struct Connection {
    /// AWS profile; `None` lets aws-config use its default.
    pub profile: Option<String>,
    /// Signing region; `None` lets the AWS profile decide, else us-east-1.
    pub region: Option<String>,
    /// S3-compatible endpoint; `None` for AWS itself.
    pub endpoint_url: Option<String>,
    /// Path-style addressing (`endpoint/bucket/key`).
    pub path_style: bool,
}

/// The endpoint-related settings, as the SDK's endpoint rules take them.
#[derive(Clone, Debug, Default)]
pub struct EndpointSettings {
    /// A custom endpoint (S3-compatible server), if any.
    pub endpoint_url: Option<String>,
    /// Path-style addressing.
    pub force_path_style: bool,
    /// FIPS endpoints (from the AWS config).
    pub use_fips: bool,
    /// Dual-stack endpoints (from the AWS config).
    pub use_dual_stack: bool,
}

impl S3Context {
    /// Resolves region and credentials and builds the client. Makes no request to S3; the only
    /// I/O is reading the AWS config files (and whatever the credential chain needs, e.g. SSO).
    pub async fn connect(connection: &Connection) -> Result<S3Context> {
        let profile = connection.profile.clone();
        let region = match &connection.region {
            Some(region) => RegionProviderChain::first_try(Region::new(region.clone())),
            None => {
                // The environment was already consulted by the settings; the profile is next.
                // IMDS is deliberately not asked: it would stall every run off EC2.
                let mut from_profile = ProfileFileRegionProvider::builder();
                if let Some(name) = &profile {
                    from_profile = from_profile.profile_name(name);
                }
                RegionProviderChain::first_try(from_profile.build()).or_else(FALLBACK_REGION)
            }
        };
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(region)
            .http_client(LazyHttpClient::new());
        if let Some(name) = &profile {
            loader = loader.profile_name(name);
        }
        if let Some(endpoint) = &connection.endpoint_url {
            loader = loader.endpoint_url(endpoint);
        }
        let shared = loader.load().await;

        let credentials = resolve_credentials(&shared, profile.as_deref()).await?;
        let region = shared
            .region()
            .map(|r| r.as_ref().to_owned())
            .unwrap_or_else(|| FALLBACK_REGION.to_owned());
        let endpoint_params = EndpointSettings {
            endpoint_url: shared.endpoint_url().map(str::to_owned),
            force_path_style: connection.path_style,
            use_fips: shared.use_fips().unwrap_or(false),
            use_dual_stack: shared.use_dual_stack().unwrap_or(false),
        };
        let config = aws_sdk_s3::config::Builder::from(&shared)
            .credentials_provider(SharedCredentialsProvider::new(FirstThenChain {
                first: credentials.clone(),
                chain: shared.credentials_provider(),
            }))
            .force_path_style(connection.path_style)
            .build();
        Ok(S3Context {
            client: aws_sdk_s3::Client::from_conf(config),
            credentials,
            region,
            endpoint_params,
        })
    }
}

/// The client's credentials: those already resolved for signing links while they last, then the
/// chain again, so a long transfer outlives temporary credentials (SSO, assumed roles); the
/// SDK's identity cache keeps each fresh set until it nears its own expiry.
#[derive(Debug)]
struct FirstThenChain {
    first: Credentials,
    chain: Option<SharedCredentialsProvider>,
}

impl ProvideCredentials for FirstThenChain {
    fn provide_credentials<'a>(
        &'a self,
    ) -> aws_credential_types::provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        let margin = std::time::SystemTime::now() + std::time::Duration::from_secs(300);
        match &self.chain {
            Some(chain) if self.first.expiry().is_some_and(|at| at <= margin) => {
                chain.provide_credentials()
            }
            _ => aws_credential_types::provider::future::ProvideCredentials::ready(Ok(self
                .first
                .clone())),
        }
    }
}

/// Asks the credential chain once; "no credentials" becomes a configuration error (exit 3).
async fn resolve_credentials(
    config: &aws_config::SdkConfig,
    profile: Option<&str>,
) -> Result<Credentials> {
    let no_credentials = || {
        let what = match profile {
            Some(name) => format!("no usable AWS credentials for profile '{name}'"),
            None => "no AWS credentials found".to_owned(),
        };
        Failure::config(what).hint(
            "set AWS_PROFILE or --profile, run `aws configure` or `aws sso login`, \
             or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        )
    };
    let provider = config.credentials_provider().ok_or_else(no_credentials)?;
    let credentials = provider
        .provide_credentials()
        .await
        .map_err(|e| no_credentials().cause(e))?;
    Ok(credentials)
}
