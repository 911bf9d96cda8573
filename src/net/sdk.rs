//! An HTTP client that connects nothing until the first request.
//!
//! The SDK's default client sets up TLS (reading every system root certificate, about 6 ms) as
//! soon as anything asks it for a connector, which loading the config does. `presign` sends no
//! request at all, so it should not pay for that: this wrapper hands out connectors that build
//! the real one on their first call.

use std::sync::OnceLock;

use aws_smithy_http_client::proxy::ProxyConfig;
use aws_smithy_http_client::{tls, Builder, ConnectorBuilder};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::HttpRequest;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;

/// The SDK's default HTTPS client (hyper 1 + rustls with aws-lc), connected lazily.
#[derive(Debug)]
pub struct LazyHttpClient {
    inner: SharedHttpClient,
}

impl LazyHttpClient {
    /// A client like the SDK's default one, honouring the proxy environment variables.
    pub fn new() -> Self {
        let inner = Builder::new().build_with_connector_fn(|settings, components| {
            let mut connector = ConnectorBuilder::default().tls_provider(tls::Provider::Rustls(
                tls::rustls_provider::CryptoMode::AwsLc,
            ));
            connector.set_connector_settings(settings.cloned());
            if let Some(components) = components {
                connector.set_sleep_impl(components.sleep_impl());
            }
            connector.set_proxy_config(Some(ProxyConfig::from_env()));
            connector.build()
        });
        LazyHttpClient { inner }
    }
}

impl HttpClient for LazyHttpClient {
    fn http_connector(
        &self,
        settings: &HttpConnectorSettings,
        components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(LazyConnector {
            client: self.inner.clone(),
            settings: settings.clone(),
            components: components.clone(),
            connector: OnceLock::new(),
        })
    }
}

/// A connector that asks the real client for its connector on the first request.
#[derive(Debug)]
struct LazyConnector {
    client: SharedHttpClient,
    settings: HttpConnectorSettings,
    components: RuntimeComponents,
    connector: OnceLock<SharedHttpConnector>,
}

impl HttpConnector for LazyConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        self.connector
            .get_or_init(|| self.client.http_connector(&self.settings, &self.components))
            .call(request)
    }
}
