//! Presigned URLs, minted offline from one client: no request leaves the machine.

use std::time::{Duration, SystemTime};

use std::collections::HashMap;
use std::fmt::Write as _;

use anyhow::{Context, Result};
use aws_sdk_s3::config::endpoint::{DefaultResolver, Params as EndpointParams, ResolveEndpoint};
use aws_sigv4::http_request::{
    sign, PayloadChecksumKind, PercentEncodingMode, SignableBody, SignableRequest,
    SignatureLocation, SigningSettings, UriPathNormalizationMode,
};
use aws_sigv4::sign::v4;
use aws_smithy_http::{label, query};
use aws_smithy_runtime_api::client::identity::Identity;

use crate::error::Failure;
use crate::location::ObjectLocation;
use crate::redacted::SignedUrl;
use crate::s3::lifetime::Lifetime;
use crate::s3::sse::SseSetting;
use crate::s3::S3Context;

/// The HTTP method a presigned URL is good for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Download the object.
    Get,
    /// Upload (create or replace) the object.
    Put,
    /// Read the object's metadata.
    Head,
    /// Delete the object.
    Delete,
}

impl Method {
    /// The method as HTTP spells it.
    pub fn as_http(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Head => "HEAD",
            Method::Delete => "DELETE",
        }
    }
}

/// What a link should allow, beyond its method and object.
#[derive(Clone, Debug, Default)]
pub struct LinkOptions {
    /// Content-Type signed into a PUT link.
    pub content_type: Option<String>,
    /// `response-content-disposition` for a GET link (how browsers save or show it).
    pub content_disposition: Option<String>,
    /// Server-side encryption signed into a PUT link (its headers must then be sent).
    pub sse: Option<SseSetting>,
    /// `response-content-type` for a GET link: the type the server answers with, whatever the
    /// object was stored as (pages are served as `text/html; charset=utf-8`).
    pub response_content_type: Option<String>,
    /// A GET signed in its headers ([`Presigner::sign_request`]): sign `x-amz-checksum-mode:
    /// ENABLED` in, so that the answer carries the object's stored checksums. Links ignore it:
    /// S3 refuses the header unsigned, a link cannot sign it, and a plain `curl` would not send
    /// it.
    pub checksum_mode: bool,
}

/// The header (and value) that asks S3 to answer a GET with the object's stored checksums.
const CHECKSUM_MODE: (&str, &str) = ("x-amz-checksum-mode", "ENABLED");

/// A minted link and what its user must know to use it.
#[derive(Clone, Debug)]
pub struct PresignedLink {
    /// The full URL, signature included (hidden from `{:?}`).
    pub url: SignedUrl,
    /// The HTTP method it is good for.
    pub method: Method,
    /// Headers the user must send exactly as given (signed into the link).
    pub headers: Vec<(String, String)>,
    /// When the link stops working, as signed.
    pub expires_at: SystemTime,
    /// When it really stops working, if the signing credentials expire (the earlier of both).
    pub effective_expires_at: Option<SystemTime>,
}

/// Signs links for one lifetime, all with the same start time.
///
/// The SDK's own `presigned()` builds a whole operation per link (about a millisecond each in a
/// debug build); a batch of 10,000 keys would take seconds. So this resolves each bucket's
/// endpoint once with the SDK's endpoint rules and signs each link with `aws-sigv4`, the SDK's
/// signer. A test keeps the result byte-for-byte equal to the SDK's presigned URLs.
pub struct Presigner<'a> {
    context: &'a S3Context,
    identity: Identity,
    start: SystemTime,
    expires_in: Duration,
    endpoints: std::sync::Mutex<HashMap<String, Endpoint>>,
}

impl<'a> Presigner<'a> {
    /// A presigner whose links live `expires_in` from now.
    pub fn new(context: &'a S3Context, expires_in: Duration) -> Result<Self> {
        crate::expiry::check_s3_expiry(expires_in).map_err(|e| {
            Failure::usage(e).hint("only CloudFront links (--via cdn) live longer than 7d")
        })?;
        Ok(Presigner {
            context,
            identity: Identity::from(context.credentials.clone()),
            start: SystemTime::now(),
            expires_in,
            endpoints: std::sync::Mutex::new(HashMap::new()),
        })
    }

    /// When links from this presigner expire.
    pub fn expires_at(&self) -> SystemTime {
        self.start + self.expires_in
    }

    /// The links' own expiry and that of the credentials signing them.
    pub fn lifetime(&self) -> Lifetime {
        Lifetime {
            link_expires_at: self.expires_at(),
            credentials_expire_at: self.context.credentials.expiry(),
        }
    }

    /// Signs one link for `method` on `location`.
    pub async fn presign(
        &self,
        method: Method,
        location: &ObjectLocation,
        options: &LinkOptions,
    ) -> Result<PresignedLink> {
        self.sign(method, location, options, SignatureLocation::QueryParams)
            .await
    }

    /// Signs one request for `method` on `location` in its headers (`Authorization`) instead
    /// of its URL: for s3share's own requests that send `x-amz-checksum-mode`, which S3 takes
    /// only signed and which a link cannot sign (aws-sigv4 leaves it out of a link's signed
    /// headers). The result's `headers` are all to be sent, the signature's included.
    pub async fn sign_request(
        &self,
        method: Method,
        location: &ObjectLocation,
        options: &LinkOptions,
    ) -> Result<PresignedLink> {
        self.sign(method, location, options, SignatureLocation::Headers)
            .await
    }

    /// Signs `method` on `location`, the signature in the URL or in the headers.
    async fn sign(
        &self,
        method: Method,
        location: &ObjectLocation,
        options: &LinkOptions,
        signature_location: SignatureLocation,
    ) -> Result<PresignedLink> {
        let Endpoint { url: base, host } = self.endpoint(&location.bucket).await?;
        let mut url = base;
        url.push('/');
        url.push_str(&label::fmt_string(
            &location.key,
            label::EncodingStrategy::Greedy,
        ));

        let mut query: Vec<(&str, String)> = Vec::with_capacity(3);
        if let Some(operation) = operation_id(method) {
            query.push(("x-id", operation.to_owned()));
        }
        if let (Method::Get, Some(disposition)) = (method, &options.content_disposition) {
            query.push((
                "response-content-disposition",
                query::fmt_string(disposition),
            ));
        }
        if let (Method::Get, Some(content_type)) = (method, &options.response_content_type) {
            query.push(("response-content-type", query::fmt_string(content_type)));
        }
        for (i, (name, value)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            let _ = write!(url, "{name}={value}");
        }

        let mut headers: Vec<(String, String)> = Vec::new();
        if let (Method::Put, Some(content_type)) = (method, &options.content_type) {
            headers.push(("content-type".to_owned(), content_type.clone()));
        }
        if let (Method::Put, Some(sse)) = (method, &options.sse) {
            headers.extend(sse.headers());
        }
        let in_headers = signature_location == SignatureLocation::Headers;
        if method == Method::Get && options.checksum_mode && in_headers {
            let (name, value) = CHECKSUM_MODE;
            headers.push((name.to_owned(), value.to_owned()));
        }
        let signed_headers = std::iter::once(("host", host.as_str()))
            .chain(headers.iter().map(|(k, v)| (k.as_str(), v.as_str())));

        let mut settings = SigningSettings::default();
        settings.signature_location = signature_location;
        if signature_location == SignatureLocation::QueryParams {
            settings.expires_in = Some(self.expires_in);
        } else {
            // S3 wants the payload's hash as a header in a header-signed request.
            settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
        }
        settings.percent_encoding_mode = PercentEncodingMode::Single;
        settings.uri_path_normalization_mode = UriPathNormalizationMode::Disabled;
        let params = v4::SigningParams::builder()
            .identity(&self.identity)
            .region(&self.context.region)
            .name("s3")
            .time(self.start)
            .settings(settings)
            .build()
            .context("cannot set up signing")?
            .into();
        let request = SignableRequest::new(
            method.as_http(),
            url.as_str(),
            signed_headers,
            SignableBody::UnsignedPayload,
        )
        .with_context(|| format!("cannot sign a link for {location}"))?;
        let (instructions, _signature) = sign(request, &params)
            .with_context(|| format!("cannot sign a link for {location}"))?
            .into_parts();
        for (name, value) in instructions.params() {
            url.push(if url.contains('?') { '&' } else { '?' });
            let _ = write!(url, "{name}={}", query::fmt_string(value.as_ref()));
        }
        headers.extend(
            instructions
                .headers()
                .map(|(name, value)| (name.to_owned(), value.to_owned())),
        );
        Ok(PresignedLink {
            url: SignedUrl(url),
            method,
            headers,
            expires_at: self.expires_at(),
            effective_expires_at: self.lifetime().effective_expires_at(),
        })
    }

    /// The base URL for `bucket`, without a trailing `/`: where its objects' keys are appended.
    pub async fn bucket_url(&self, bucket: &str) -> Result<String> {
        Ok(self.endpoint(bucket).await?.url)
    }

    /// The signing time, the region and the credentials every link of this presigner uses.
    pub fn signer(&self) -> (SystemTime, &str, &aws_credential_types::Credentials) {
        (self.start, &self.context.region, &self.context.credentials)
    }

    /// The base URL for `bucket` (`https://bkt.s3.region.amazonaws.com` or `http://host/bkt`) and
    /// its `Host` header, resolved once per bucket by the SDK's endpoint rules.
    async fn endpoint(&self, bucket: &str) -> Result<Endpoint> {
        if let Some(endpoint) = self.endpoints.lock().expect("not poisoned").get(bucket) {
            return Ok(endpoint.clone());
        }
        let settings = &self.context.endpoint_params;
        let mut params = EndpointParams::builder()
            .bucket(bucket)
            .region(&self.context.region)
            .force_path_style(settings.force_path_style)
            .use_fips(settings.use_fips)
            .use_dual_stack(settings.use_dual_stack);
        if let Some(endpoint) = &settings.endpoint_url {
            params = params.endpoint(endpoint);
        }
        let params = params.build().context("invalid endpoint settings")?;
        let endpoint = DefaultResolver::new()
            .resolve_endpoint(&params)
            .await
            .map_err(|e| {
                Failure::usage(format!("cannot make a link for bucket '{bucket}': {e}"))
            })?;
        let url = endpoint.url().trim_end_matches('/').to_owned();
        let endpoint = Endpoint {
            host: host_of(&url)?,
            url,
        };
        self.endpoints
            .lock()
            .expect("not poisoned")
            .insert(bucket.to_owned(), endpoint.clone());
        Ok(endpoint)
    }
}

/// Where one bucket's links point, resolved once per bucket.
#[derive(Clone, Debug)]
struct Endpoint {
    /// The base URL, without a trailing `/`.
    url: String,
    /// The `Host` header value signed into every link.
    host: String,
}

/// The SDK's `x-id` query marker for each operation (kept so links match the SDK's exactly).
fn operation_id(method: Method) -> Option<&'static str> {
    match method {
        Method::Get => Some("GetObject"),
        Method::Put => Some("PutObject"),
        Method::Delete => Some("DeleteObject"),
        Method::Head => None,
    }
}

/// The `Host` header value for a URL: host, plus the port when it is not the scheme's default.
fn host_of(url: &str) -> Result<String> {
    let parsed = url::Url::parse(url).with_context(|| format!("invalid endpoint URL {url}"))?;
    let host = parsed.host_str().context("endpoint URL has no host")?;
    Ok(match parsed.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    })
}

/// The `response-content-disposition` value for a download saved as `filename` (or shown inline).
///
/// Carries an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987), so browsers keep
/// non-ASCII names intact.
pub fn content_disposition(filename: Option<&str>, inline: bool) -> Option<String> {
    let kind = if inline { "inline" } else { "attachment" };
    match filename {
        None if inline => Some(kind.to_owned()),
        None => None,
        Some(name) => {
            let fallback: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let encoded = percent_encoding::utf8_percent_encode(name, RFC5987_ATTR_CHAR);
            Some(format!(
                "{kind}; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
            ))
        }
    }
}

/// Characters RFC 5987 `attr-char` allows unescaped.
const RFC5987_ATTR_CHAR: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s3::client::EndpointSettings;
    use aws_credential_types::Credentials;
    use aws_sdk_s3::config::Region;
    use aws_sdk_s3::presigning::PresigningConfig;

    fn context(endpoint: Option<&str>, path_style: bool, token: Option<&str>) -> S3Context {
        let credentials = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG",
            token.map(str::to_owned),
            None,
            "test",
        );
        let mut config = aws_sdk_s3::Config::builder()
            .behavior_version_latest()
            .region(Region::new("eu-west-1"))
            .credentials_provider(credentials.clone())
            .force_path_style(path_style);
        if let Some(endpoint) = endpoint {
            config = config.endpoint_url(endpoint);
        }
        S3Context {
            client: aws_sdk_s3::Client::from_conf(config.build()),
            credentials,
            region: "eu-west-1".into(),
            endpoint_params: EndpointSettings {
                endpoint_url: endpoint.map(str::to_owned),
                force_path_style: path_style,
                ..EndpointSettings::default()
            },
        }
    }

    /// What the SDK's own presigner makes of the same request.
    async fn sdk_url(
        ctx: &S3Context,
        presigner: &Presigner<'_>,
        method: Method,
        loc: &ObjectLocation,
        options: &LinkOptions,
    ) -> String {
        let config = PresigningConfig::builder()
            .start_time(presigner.start)
            .expires_in(presigner.expires_in)
            .build()
            .unwrap();
        let client = &ctx.client;
        let (b, k) = (&loc.bucket, &loc.key);
        match method {
            Method::Get => client
                .get_object()
                .bucket(b)
                .key(k)
                .set_response_content_disposition(options.content_disposition.clone())
                .set_response_content_type(options.response_content_type.clone())
                .set_checksum_mode(
                    options
                        .checksum_mode
                        .then_some(aws_sdk_s3::types::ChecksumMode::Enabled),
                )
                .presigned(config)
                .await
                .unwrap()
                .uri()
                .to_owned(),
            Method::Put => client
                .put_object()
                .bucket(b)
                .key(k)
                .set_content_type(options.content_type.clone())
                .set_server_side_encryption(options.sse.as_ref().map(|e| e.sdk_algorithm()))
                .set_ssekms_key_id(
                    options
                        .sse
                        .as_ref()
                        .and_then(|e| e.kms_key_id().map(str::to_owned)),
                )
                .presigned(config)
                .await
                .unwrap()
                .uri()
                .to_owned(),
            Method::Head => client
                .head_object()
                .bucket(b)
                .key(k)
                .presigned(config)
                .await
                .unwrap()
                .uri()
                .to_owned(),
            Method::Delete => client
                .delete_object()
                .bucket(b)
                .key(k)
                .presigned(config)
                .await
                .unwrap()
                .uri()
                .to_owned(),
        }
    }

    #[tokio::test]
    async fn links_equal_the_sdk_presigner_byte_for_byte() {
        let keys = [
            "plain.txt",
            "a b+c=d%e~f#g?h&i",
            "ünï/日本 😀",
            "a//b",
            "/leading",
            "x'y\"z",
        ];
        let options = [
            LinkOptions::default(),
            LinkOptions {
                content_type: Some("image/png".into()),
                content_disposition: content_disposition(Some("Q3 résumé.pdf"), false),
                sse: None,
                response_content_type: Some("text/html; charset=utf-8".into()),
                checksum_mode: true,
            },
            LinkOptions {
                sse: Some(SseSetting::Aes256),
                ..LinkOptions::default()
            },
            LinkOptions {
                content_type: Some("text/csv".into()),
                sse: Some(SseSetting::Kms { key_id: None }),
                ..LinkOptions::default()
            },
            LinkOptions {
                sse: Some(SseSetting::Kms {
                    key_id: Some(
                        "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                            .into(),
                    ),
                }),
                ..LinkOptions::default()
            },
            LinkOptions {
                sse: Some(SseSetting::Kms {
                    key_id: Some("alias/my key+name".into()),
                }),
                ..LinkOptions::default()
            },
        ];
        for (endpoint, path_style, token) in [
            (None, false, None),
            (None, false, Some("session/token+==")),
            (None, true, None),
            (Some("http://127.0.0.1:9000"), true, None),
            (Some("https://minio.example.com"), false, None),
        ] {
            let ctx = context(endpoint, path_style, token);
            let presigner = Presigner::new(&ctx, Duration::from_secs(900)).unwrap();
            for bucket in ["bkt", "my.dotted.bucket"] {
                for key in keys {
                    let loc = ObjectLocation::new(bucket, key).unwrap();
                    for method in [Method::Get, Method::Put, Method::Head, Method::Delete] {
                        for option in &options {
                            let ours = presigner.presign(method, &loc, option).await.unwrap().url.0;
                            let sdk = sdk_url(&ctx, &presigner, method, &loc, option).await;
                            assert_eq!(
                                ours, sdk,
                                "{method:?} {loc} {endpoint:?} path_style={path_style}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn disposition_keeps_unicode_names_and_an_ascii_fallback() {
        assert_eq!(content_disposition(None, false), None);
        assert_eq!(content_disposition(None, true).as_deref(), Some("inline"));
        assert_eq!(
            content_disposition(Some("Q3 report.pdf"), false).as_deref(),
            Some("attachment; filename=\"Q3 report.pdf\"; filename*=UTF-8''Q3%20report.pdf")
        );
        assert_eq!(
            content_disposition(Some("résumé \"final\".pdf"), true).as_deref(),
            Some("inline; filename=\"r_sum_ _final_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22final%22.pdf")
        );
    }
}
