//! The CloudFront control plane, for `cdn init`, `cdn status`, `cdn rotate` and `revoke`'s
//! invalidations: public keys, key groups, origin access controls, distributions and
//! invalidations, with the user's credentials. `policy.rs` merges the bucket-policy statement
//! (pure). Nothing here runs for `presign` or `share`: the client is built only by those commands.

pub mod policy;

use aws_config::BehaviorVersion;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::Credentials;
use aws_sdk_cloudfront::config::Region;
use aws_sdk_cloudfront::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_cloudfront::types::{
    DefaultCacheBehavior, DistributionConfig, InvalidationBatch, KeyGroupConfig, Origin,
    OriginAccessControlConfig, OriginAccessControlOriginTypes, OriginAccessControlSigningBehaviors,
    OriginAccessControlSigningProtocols, Origins, Paths, PublicKeyConfig, S3OriginConfig,
    TrustedKeyGroups, ViewerProtocolPolicy,
};

use crate::error::{ExitKind, Failure};
use crate::net::sdk::LazyHttpClient;

/// CloudFront's managed cache policy "CachingOptimized": the cache key is the path alone (no
/// query string, headers or cookies), so the signing parameters never split the cache.
pub const CACHING_OPTIMIZED: &str = "658327ea-f89d-4fab-a63d-7e88639e58f6";

/// The first item of a CloudFront listing, page after page (`Marker`, `NextMarker`), that `pick`
/// maps to `Some`; `None` when no page has one. Each listing has its own types, hence a macro.
macro_rules! find_in_pages {
    ($self:ident, $call:ident, $list:ident, $doing:expr, |$item:ident| $pick:expr) => {{
        let mut marker = None;
        loop {
            let page = $self
                .client
                .$call()
                .set_marker(marker)
                .send()
                .await
                .map_err(|e| failure(e, $doing))?;
            let Some(list) = page.$list() else {
                break None;
            };
            if let Some(found) = list.items().iter().find_map(|$item| $pick) {
                break Some(found);
            }
            marker = list.next_marker().map(str::to_owned);
            if marker.is_none() {
                break None;
            }
        }
    }};
}

/// A CloudFront client with the user's credentials. CloudFront is global: requests are signed
/// for us-east-1. Its endpoint is AWS's, or what the SDK reads itself
/// (`AWS_ENDPOINT_URL_CLOUDFRONT`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`), never
/// s3share's S3 endpoint setting.
pub struct CloudFront {
    client: aws_sdk_cloudfront::Client,
}

/// A distribution, as `status` and `init` need it.
#[derive(Clone, Debug)]
pub struct Distribution {
    /// Its id (`E1ABC…`).
    pub id: String,
    /// Its ARN, which the bucket policy names.
    pub arn: String,
    /// `d111111abcdef8.cloudfront.net`.
    pub domain: String,
    /// `Deployed` or `InProgress`.
    pub status: String,
    /// The key groups its default behaviour trusts.
    pub key_groups: Vec<String>,
}

/// A key group: its id, name, the public keys it holds, and its ETag (for updates).
#[derive(Clone, Debug)]
pub struct KeyGroup {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// The public key ids in it.
    pub keys: Vec<String>,
}

/// What a new distribution serves.
pub struct NewDistribution<'a> {
    /// The distribution's comment, how `init` finds it again.
    pub comment: &'a str,
    /// The bucket's regional domain (`bucket.s3.eu-west-1.amazonaws.com`).
    pub origin_domain: &'a str,
    /// The origin access control that signs CloudFront's requests to the bucket.
    pub origin_access_control: &'a str,
    /// The key group trusted for signed URLs.
    pub key_group: &'a str,
}

impl CloudFront {
    /// A client for `profile`, with credentials already resolved for S3.
    pub async fn connect(profile: Option<&str>, credentials: &Credentials) -> CloudFront {
        let mut loader = aws_config::defaults(BehaviorVersion::latest())
            .region(Region::new("us-east-1"))
            .http_client(LazyHttpClient::new())
            .credentials_provider(SharedCredentialsProvider::new(credentials.clone()));
        if let Some(name) = profile {
            loader = loader.profile_name(name);
        }
        let shared = loader.load().await;
        CloudFront {
            client: aws_sdk_cloudfront::Client::new(&shared),
        }
    }

    /// The id of the public key whose PEM is `public_pem`, if CloudFront has it.
    pub async fn find_public_key(&self, public_pem: &str) -> Result<Option<String>, Failure> {
        Ok(find_in_pages!(
            self,
            list_public_keys,
            public_key_list,
            "list the CloudFront public keys",
            |key| (key.encoded_key().trim() == public_pem.trim()).then(|| key.id().to_owned())
        ))
    }

    /// Uploads a public key; returns its id.
    pub async fn create_public_key(&self, name: &str, public_pem: &str) -> Result<String, Failure> {
        let config = PublicKeyConfig::builder()
            .caller_reference(name)
            .name(name)
            .encoded_key(public_pem)
            .comment("s3share: signs CloudFront links")
            .build()
            .map_err(built)?;
        let created = self
            .client
            .create_public_key()
            .public_key_config(config)
            .send()
            .await
            .map_err(|e| failure(e, "create the CloudFront public key"))?;
        Ok(created
            .public_key()
            .map(|k| k.id().to_owned())
            .unwrap_or_default())
    }

    /// The PEM CloudFront holds for the public key `id`; `None` when it has no such key.
    pub async fn public_key_pem(&self, id: &str) -> Result<Option<String>, Failure> {
        match self.client.get_public_key().id(id).send().await {
            Ok(got) => Ok(got
                .public_key()
                .and_then(|k| k.public_key_config())
                .map(|c| c.encoded_key().to_owned())),
            Err(e) if e.code() == Some("NoSuchPublicKey") => Ok(None),
            Err(e) => Err(failure(e, "read the CloudFront public key")),
        }
    }

    /// Deletes a public key (it must be in no key group).
    pub async fn delete_public_key(&self, id: &str) -> Result<(), Failure> {
        let current = self
            .client
            .get_public_key()
            .id(id)
            .send()
            .await
            .map_err(|e| failure(e, "read the CloudFront public key"))?;
        self.client
            .delete_public_key()
            .id(id)
            .set_if_match(current.e_tag().map(str::to_owned))
            .send()
            .await
            .map_err(|e| failure(e, "delete the CloudFront public key"))?;
        Ok(())
    }

    /// The key group named `name`, if there is one.
    pub async fn find_key_group(&self, name: &str) -> Result<Option<KeyGroup>, Failure> {
        Ok(find_in_pages!(
            self,
            list_key_groups,
            key_group_list,
            "list the CloudFront key groups",
            |summary| summary
                .key_group()
                .and_then(key_group)
                .filter(|group| group.name == name)
        ))
    }

    /// The key group `id`.
    pub async fn key_group(&self, id: &str) -> Result<KeyGroup, Failure> {
        let got = self
            .client
            .get_key_group()
            .id(id)
            .send()
            .await
            .map_err(|e| failure(e, "read the CloudFront key group"))?;
        got.key_group()
            .and_then(key_group)
            .ok_or_else(|| Failure::new(ExitKind::Failure, "CloudFront returned no key group"))
    }

    /// Creates the key group `name` holding `keys`; returns its id.
    pub async fn create_key_group(&self, name: &str, keys: &[String]) -> Result<String, Failure> {
        let config = KeyGroupConfig::builder()
            .name(name)
            .set_items(Some(keys.to_vec()))
            .comment("s3share: the keys that sign CloudFront links")
            .build()
            .map_err(built)?;
        let created = self
            .client
            .create_key_group()
            .key_group_config(config)
            .send()
            .await
            .map_err(|e| failure(e, "create the CloudFront key group"))?;
        Ok(created
            .key_group()
            .map(|g| g.id().to_owned())
            .unwrap_or_default())
    }

    /// Replaces the keys of the key group `id` (read, then written with its ETag).
    pub async fn set_key_group_keys(&self, id: &str, keys: &[String]) -> Result<(), Failure> {
        let current = self
            .client
            .get_key_group()
            .id(id)
            .send()
            .await
            .map_err(|e| failure(e, "read the CloudFront key group"))?;
        let old = current
            .key_group()
            .and_then(|g| g.key_group_config())
            .ok_or_else(|| Failure::new(ExitKind::Failure, "CloudFront returned no key group"))?;
        let config = KeyGroupConfig::builder()
            .name(old.name())
            .set_comment(old.comment().map(str::to_owned))
            .set_items(Some(keys.to_vec()))
            .build()
            .map_err(built)?;
        self.client
            .update_key_group()
            .id(id)
            .set_if_match(current.e_tag().map(str::to_owned))
            .key_group_config(config)
            .send()
            .await
            .map_err(|e| failure(e, "update the CloudFront key group"))?;
        Ok(())
    }

    /// The id of the origin access control named `name`, if there is one.
    pub async fn find_origin_access_control(&self, name: &str) -> Result<Option<String>, Failure> {
        Ok(find_in_pages!(
            self,
            list_origin_access_controls,
            origin_access_control_list,
            "list the CloudFront origin access controls",
            |control| (control.name() == name).then(|| control.id().to_owned())
        ))
    }

    /// Creates an origin access control for S3 that signs every request (SigV4); returns its id.
    pub async fn create_origin_access_control(&self, name: &str) -> Result<String, Failure> {
        let config = OriginAccessControlConfig::builder()
            .name(name)
            .description("s3share: CloudFront reads the bucket, nobody else through it")
            .signing_protocol(OriginAccessControlSigningProtocols::Sigv4)
            .signing_behavior(OriginAccessControlSigningBehaviors::Always)
            .origin_access_control_origin_type(OriginAccessControlOriginTypes::S3)
            .build()
            .map_err(built)?;
        let created = self
            .client
            .create_origin_access_control()
            .origin_access_control_config(config)
            .send()
            .await
            .map_err(|e| failure(e, "create the CloudFront origin access control"))?;
        Ok(created
            .origin_access_control()
            .map(|o| o.id().to_owned())
            .unwrap_or_default())
    }

    /// The distribution whose comment is `comment` (s3share's), if there is one.
    pub async fn find_distribution(&self, comment: &str) -> Result<Option<Distribution>, Failure> {
        self.find_distribution_by(|d| d.comment() == comment).await
    }

    /// The distribution a CDN link's base URL `url` names; exit 4 when this account has none.
    pub async fn serving(&self, url: &str) -> Result<Distribution, Failure> {
        let host = url::Url::parse(url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_owned))
            .unwrap_or_default();
        self.distribution_for_host(&host).await?.ok_or_else(|| {
            Failure::new(
                ExitKind::NotFound,
                format!(
                    "no CloudFront distribution of this account serves {}",
                    crate::terminal::escape(&host)
                ),
            )
            .hint("check [cdn] url, or run `s3share cdn init` to set one up")
        })
    }

    /// The key group of those `distribution` trusts that holds the public key `key_id`.
    pub async fn group_holding(
        &self,
        distribution: &Distribution,
        key_id: &str,
    ) -> Result<Option<KeyGroup>, Failure> {
        for id in &distribution.key_groups {
            let group = self.key_group(id).await?;
            if group.keys.iter().any(|k| k == key_id) {
                return Ok(Some(group));
            }
        }
        Ok(None)
    }

    /// The distribution serving `host` (its CloudFront domain or one of its aliases).
    pub async fn distribution_for_host(&self, host: &str) -> Result<Option<Distribution>, Failure> {
        self.find_distribution_by(|d| {
            d.domain_name().eq_ignore_ascii_case(host)
                || d.aliases()
                    .is_some_and(|a| a.items().iter().any(|n| n.eq_ignore_ascii_case(host)))
        })
        .await
    }

    async fn find_distribution_by(
        &self,
        wanted: impl Fn(&aws_sdk_cloudfront::types::DistributionSummary) -> bool,
    ) -> Result<Option<Distribution>, Failure> {
        let found = find_in_pages!(
            self,
            list_distributions,
            distribution_list,
            "list the CloudFront distributions",
            |summary| wanted(summary).then(|| summary.id().to_owned())
        );
        match found {
            Some(id) => self.distribution(&id).await.map(Some),
            None => Ok(None),
        }
    }

    /// The distribution `id`; a missing one is exit 4.
    pub async fn distribution(&self, id: &str) -> Result<Distribution, Failure> {
        let got = self
            .client
            .get_distribution()
            .id(id)
            .send()
            .await
            .map_err(|e| failure(e, &format!("read the CloudFront distribution {id}")))?;
        let d = got.distribution().ok_or_else(|| {
            Failure::new(ExitKind::Failure, "CloudFront returned no distribution")
        })?;
        Ok(Distribution {
            id: d.id().to_owned(),
            arn: d.arn().to_owned(),
            domain: d.domain_name().to_owned(),
            status: d.status().to_owned(),
            key_groups: d
                .distribution_config()
                .and_then(|c| c.default_cache_behavior())
                .and_then(|b| b.trusted_key_groups())
                .map(|t| t.items().to_vec())
                .unwrap_or_default(),
        })
    }

    /// Creates the distribution: the bucket as its one origin through the origin access
    /// control, HTTPS only, the key group trusted, the cache keyed on the path.
    pub async fn create_distribution(
        &self,
        new: &NewDistribution<'_>,
    ) -> Result<Distribution, Failure> {
        let origin_id = "s3share-bucket";
        let origin = Origin::builder()
            .id(origin_id)
            .domain_name(new.origin_domain)
            .origin_access_control_id(new.origin_access_control)
            .s3_origin_config(S3OriginConfig::builder().origin_access_identity("").build())
            .build()
            .map_err(built)?;
        let behaviour = DefaultCacheBehavior::builder()
            .target_origin_id(origin_id)
            .viewer_protocol_policy(ViewerProtocolPolicy::HttpsOnly)
            .trusted_key_groups(trusting(&[new.key_group.to_owned()])?)
            .cache_policy_id(CACHING_OPTIMIZED)
            .compress(true)
            .build()
            .map_err(built)?;
        let config = DistributionConfig::builder()
            .caller_reference(format!("{} {}", new.comment, now_millis()))
            .comment(new.comment)
            .enabled(true)
            .origins(
                Origins::builder()
                    .quantity(1)
                    .items(origin)
                    .build()
                    .map_err(built)?,
            )
            .default_cache_behavior(behaviour)
            .build()
            .map_err(built)?;
        let created = self
            .client
            .create_distribution()
            .distribution_config(config)
            .send()
            .await
            .map_err(|e| failure(e, "create the CloudFront distribution"))?;
        let id = created
            .distribution()
            .map(|d| d.id().to_owned())
            .ok_or_else(|| {
                Failure::new(ExitKind::Failure, "CloudFront returned no distribution")
            })?;
        self.distribution(&id).await
    }

    /// Makes every behaviour of the distribution `id` trust `key_group` (besides those it
    /// trusts already); returns whether it had to change anything.
    pub async fn trust_key_group(&self, id: &str, key_group: &str) -> Result<bool, Failure> {
        let got = self
            .client
            .get_distribution_config()
            .id(id)
            .send()
            .await
            .map_err(|e| failure(e, &format!("read the CloudFront distribution {id}")))?;
        let mut config = got.distribution_config().cloned().ok_or_else(|| {
            Failure::new(ExitKind::Failure, "CloudFront returned no distribution")
        })?;
        let mut changed = false;
        let add = |groups: Option<&TrustedKeyGroups>,
                   changed: &mut bool|
         -> Result<TrustedKeyGroups, Failure> {
            let mut items = groups.map(|g| g.items().to_vec()).unwrap_or_default();
            if !items.iter().any(|g| g == key_group) {
                items.push(key_group.to_owned());
                *changed = true;
            }
            trusting(&items)
        };
        if let Some(default) = config.default_cache_behavior.as_mut() {
            default.trusted_key_groups =
                Some(add(default.trusted_key_groups.as_ref(), &mut changed)?);
        }
        if let Some(behaviours) = config.cache_behaviors.as_mut() {
            for behaviour in behaviours.items.iter_mut().flatten() {
                behaviour.trusted_key_groups =
                    Some(add(behaviour.trusted_key_groups.as_ref(), &mut changed)?);
            }
        }
        if changed {
            self.client
                .update_distribution()
                .id(id)
                .set_if_match(got.e_tag().map(str::to_owned))
                .distribution_config(config)
                .send()
                .await
                .map_err(|e| failure(e, &format!("update the CloudFront distribution {id}")))?;
        }
        Ok(changed)
    }

    /// Asks every edge of the distribution `id` to forget `paths`; returns the invalidation's id.
    pub async fn invalidate(
        &self,
        id: &str,
        paths: &[String],
        reference: &str,
    ) -> Result<String, Failure> {
        let batch = InvalidationBatch::builder()
            .paths(
                Paths::builder()
                    .quantity(paths.len() as i32)
                    .set_items(Some(paths.to_vec()))
                    .build()
                    .map_err(built)?,
            )
            .caller_reference(reference)
            .build()
            .map_err(built)?;
        let created = self
            .client
            .create_invalidation()
            .distribution_id(id)
            .invalidation_batch(batch)
            .send()
            .await
            .map_err(|e| failure(e, "create the CloudFront invalidation"))?;
        Ok(created
            .invalidation()
            .map(|i| i.id().to_owned())
            .unwrap_or_default())
    }
}

/// A caller reference no earlier request used (CloudFront refuses a reused one).
fn now_millis() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
}

/// Trust in `groups`, enabled.
fn trusting(groups: &[String]) -> Result<TrustedKeyGroups, Failure> {
    TrustedKeyGroups::builder()
        .enabled(true)
        .quantity(groups.len() as i32)
        .set_items(Some(groups.to_vec()))
        .build()
        .map_err(built)
}

fn key_group(group: &aws_sdk_cloudfront::types::KeyGroup) -> Option<KeyGroup> {
    let config = group.key_group_config()?;
    Some(KeyGroup {
        id: group.id().to_owned(),
        name: config.name().to_owned(),
        keys: config.items().to_vec(),
    })
}

fn built(e: aws_sdk_cloudfront::error::BuildError) -> Failure {
    Failure::new(
        ExitKind::Failure,
        format!("a CloudFront request could not be built: {e}"),
    )
}

/// One line for a failed CloudFront call, with the exit code its kind deserves.
fn failure<E: ProvideErrorMetadata + std::error::Error + 'static>(
    error: SdkError<E>,
    doing: &str,
) -> Failure {
    let (kind, why) = match &error {
        SdkError::DispatchFailure(_) | SdkError::TimeoutError(_) => (
            ExitKind::Network,
            "CloudFront could not be reached".to_owned(),
        ),
        _ => {
            let code = error.code().unwrap_or("unknown error");
            let kind = match code {
                c if c.starts_with("NoSuch") => ExitKind::NotFound,
                "AccessDenied"
                | "AccessDeniedException"
                | "InvalidClientTokenId"
                | "SignatureDoesNotMatch"
                | "ExpiredToken" => ExitKind::Denied,
                c if c.starts_with("Invalid") || c.starts_with("Too") => ExitKind::Usage,
                _ => ExitKind::Failure,
            };
            let message = crate::terminal::escape(error.message().unwrap_or_default()).into_owned();
            let sep = if message.is_empty() { "" } else { ": " };
            (kind, format!("{code}{sep}{message}"))
        }
    };
    let failure = Failure::new(kind, format!("could not {doing}: {why}"));
    match kind {
        ExitKind::Network => failure.hint(
            "check your network; AWS_ENDPOINT_URL_CLOUDFRONT points s3share at another endpoint",
        ),
        ExitKind::Denied => failure.hint(
            "the credentials need CloudFront permissions (cloudfront:Create*, Get*, List*, \
             Update*, DeletePublicKey, CreateInvalidation) besides S3's",
        ),
        _ => failure,
    }
}
