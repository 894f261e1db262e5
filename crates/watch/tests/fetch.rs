//! The fetcher against a real HTTP server on loopback (`server/`): size
//! limits, timeouts, redirect limits, backoff, validators, robots.txt
//! failures. Times come from the server's own request log.

mod server;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use attache_watch::Settings;
use attache_watch::http::{FetchError, Fetcher};
use attache_watch::robots::RobotsCache;
use server::{Body, Reply, Server};

fn fetcher(tune: impl FnOnce(&mut Settings)) -> Fetcher {
    let mut s = Settings::with_contact("tests@example.invalid");
    s.delay = Duration::from_millis(10);
    s.backoff = Duration::from_millis(200);
    tune(&mut s);
    Fetcher::new(s, RobotsCache::default(), Arc::new(AtomicBool::new(false)))
}

#[test]
fn a_body_announced_over_the_limit_is_refused_unread_and_a_streamed_one_is_cut() {
    let s = Server::start("127.0.0.11");
    s.set("/big", Reply { body: Body::Huge { n: 100 << 20, announce: true }, ..Reply::html("") });
    s.set("/big-streamed", Reply { body: Body::Huge { n: 100 << 20, announce: false }, ..Reply::html("") });
    let f = fetcher(|s| s.max_bytes = 1 << 20);
    let err = f.get(&s.url("/big"), (None, None), true).unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: 1 << 20, announced: Some(100 << 20) });
    assert!(err.to_string().contains("announced 104857600 bytes"), "{err}");
    let err = f.get(&s.url("/big-streamed"), (None, None), true).unwrap_err();
    assert_eq!(err, FetchError::TooLarge { limit: 1 << 20, announced: None });
    assert!(!err.is_transient());
}

#[test]
fn a_slow_page_times_out() {
    let s = Server::start("127.0.0.12");
    s.set("/slow", Reply::html(vec![b'a'; 20 * 1024]).trickle(Duration::from_millis(200)));
    let f = fetcher(|s| {
        s.timeout = Duration::from_secs(1);
        s.tries = 1;
    });
    let err = f.get(&s.url("/slow"), (None, None), true).unwrap_err();
    assert!(matches!(err, FetchError::Timeout(_)), "{err:?}");
    assert!(err.is_transient());
}

#[test]
fn at_most_five_redirects_are_followed() {
    let s = Server::start("127.0.0.13");
    for i in 0..8 {
        s.set(&format!("/r{i}"), Reply::redirect(&format!("/r{}", i + 1)));
    }
    s.set("/r5", Reply::html("<p>five hops away</p>"));
    let f = fetcher(|_| {});
    let ok = f.get(&s.url("/r0"), (None, None), true).unwrap();
    assert_eq!((ok.status, ok.url), (200, s.url("/r5")));
    s.set("/r5", Reply::redirect("/r6"));
    s.clear_log();
    let err = f.get(&s.url("/r0"), (None, None), true).unwrap_err();
    assert_eq!(err, FetchError::TooManyRedirects(5));
    let pages: Vec<String> = s.log().into_iter().map(|r| r.path).filter(|p| p != "/robots.txt").collect();
    assert_eq!(pages, ["/r0", "/r1", "/r2", "/r3", "/r4", "/r5"]);
}

#[test]
fn server_errors_back_off_exponentially_then_succeed() {
    let s = Server::start("127.0.0.14");
    s.once("/flaky", Reply::status(500));
    s.once("/flaky", Reply::status(502));
    s.set("/flaky", Reply::html("<p>at last</p>"));
    let f = fetcher(|s| s.tries = 3);
    assert_eq!(f.get(&s.url("/flaky"), (None, None), true).unwrap().status, 200);
    let log: Vec<_> = s.log().into_iter().filter(|r| r.path == "/flaky").collect();
    assert_eq!(log.iter().map(|r| r.status).collect::<Vec<_>>(), [500, 502, 200]);
    let (first, second) = (log[1].at - log[0].at, log[2].at - log[1].at);
    assert!(first >= Duration::from_millis(190) && second >= Duration::from_millis(390), "{first:?} {second:?}");
}

#[test]
fn validators_make_a_request_conditional() {
    let s = Server::start("127.0.0.15");
    s.set("/feed", Reply::xml("<rss/>").validators("v1"));
    let f = fetcher(|_| {});
    let first = f.get(&s.url("/feed"), (None, None), true).unwrap();
    assert_eq!(first.etag.as_deref(), Some("\"v1\""));
    let again = f.get(&s.url("/feed"), (first.etag.as_deref(), first.last_modified.as_deref()), true).unwrap();
    assert!(again.not_modified() && again.body.is_empty());
    let log = s.log();
    let last = log.last().unwrap();
    assert!(last.if_none_match.as_deref() == Some("\"v1\"") && last.if_modified_since.is_some());
    assert!(last.user_agent.as_deref().unwrap().contains("tests@example.invalid"));
}

#[test]
fn an_unreachable_robots_txt_disallows_everything_and_a_missing_one_nothing() {
    let s = Server::start("127.0.0.16");
    s.set("/robots.txt", Reply::status(503));
    s.set("/page", Reply::html("<p>hello</p>"));
    let f = fetcher(|s| s.tries = 1);
    assert_eq!(f.get(&s.url("/page"), (None, None), true).unwrap_err(), FetchError::Disallowed);
    assert!(!s.log().iter().any(|r| r.path == "/page"));
    let changed = f.robots.take_changed();
    assert!(changed[0].error.as_deref().is_some_and(|e| e.contains("robots.txt: HTTP 503")), "{changed:?}");
    let other = Server::start("127.0.0.17");
    other.set("/page", Reply::html("<p>hello</p>"));
    assert_eq!(f.get(&other.url("/page"), (None, None), true).unwrap().status, 200);
}
