//! The client used for transfers: the command's client with more patient retries.

use aws_sdk_s3::config::retry::RetryConfig;

/// Attempts per request for transfers (the SDK's standard retry: 5xx, throttling, timeouts,
/// with jittered backoff). A long upload should ride out a server hiccup rather than restart.
const TRANSFER_ATTEMPTS: u32 = 5;

/// `client` with [`TRANSFER_ATTEMPTS`] attempts, unless the user chose a count
/// (`AWS_MAX_ATTEMPTS` or `max_attempts` in the AWS config), which wins.
pub fn transfer_client(client: &aws_sdk_s3::Client) -> aws_sdk_s3::Client {
    let config = client.config();
    let sdk_default = RetryConfig::standard().max_attempts();
    if config
        .retry_config()
        .is_some_and(|r| r.max_attempts() != sdk_default)
    {
        return client.clone();
    }
    let config = config
        .to_builder()
        .retry_config(RetryConfig::standard().with_max_attempts(TRANSFER_ATTEMPTS))
        .build();
    aws_sdk_s3::Client::from_conf(config)
}
