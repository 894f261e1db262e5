//! The dashboard: static HTML, CSS and JavaScript compiled into the binary
//! (no CDN, works offline), and the base map's outlines (`world.rs`). The
//! pages are drawn in the browser from the JSON API; which page and its
//! filters live in the URL's hash, so a view can be shared as a link.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

/// Every asset: URL path, content type, content.
const ASSETS: &[(&str, &str, &str)] = &[
    ("/", "text/html; charset=utf-8", include_str!("../assets/index.html")),
    ("/assets/app.css", "text/css; charset=utf-8", include_str!("../assets/app.css")),
    ("/assets/app.js", "text/javascript; charset=utf-8", include_str!("../assets/app.js")),
    ("/assets/countries.js", "text/javascript; charset=utf-8", include_str!("../assets/countries.js")),
    ("/assets/map.js", "text/javascript; charset=utf-8", include_str!("../assets/map.js")),
];

pub fn router() -> Router<AppState> {
    let mut router = Router::new();
    for &(path, content_type, body) in ASSETS {
        router = router.route(
            path,
            get(move || async move {
                ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], body).into_response()
            }),
        );
    }
    // The base map's outlines (`world.rs`), computed from the compiled-in topology on first use.
    router.route(
        "/assets/world.json",
        get(|| async {
            (
                [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")],
                crate::world::world_json(),
            )
                .into_response()
        }),
    )
}

#[cfg(test)]
mod tests {
    /// Every asset the page names is served.
    #[test]
    fn the_page_names_only_assets_we_serve() {
        let html = super::ASSETS[0].2;
        for asset in ["/assets/app.css", "/assets/app.js", "/assets/countries.js", "/assets/map.js"] {
            assert!(html.contains(asset), "index.html does not load {asset}");
            assert!(super::ASSETS.iter().any(|(p, _, _)| *p == asset));
        }
        assert!(!html.contains("http://") && !html.contains("https://"), "the page loads something from outside");
    }
}
