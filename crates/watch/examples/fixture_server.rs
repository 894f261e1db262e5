//! The fixture server of `scripts/bench-watch` (issue 18, bar 4): HOSTS
//! loopback hosts (127.0.0.2, 127.0.0.3, ...), each with a feed of its
//! share of ARTICLES pages. Writes a sources file for them, prints `ready`,
//! and serves until stdin closes; then prints per host the requests it got
//! and the smallest gap between two of them.
//!
//! `cargo run -p attache-watch --example fixture_server -- HOSTS ARTICLES DELAY SOURCES_FILE`

#[path = "../tests/server/mod.rs"]
mod server;

use std::io::Read;
use std::sync::{Arc, Mutex};

use server::{Reply, Server, article_page, rss};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let hosts: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20);
    let articles: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let delay = args.get(2).cloned().unwrap_or_else(|| "1s".into());
    let file = args.get(3).cloned().unwrap_or_else(|| "target/bench-watch/sources.toml".into());
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut text =
        format!("[watch]\ncontact = \"bench@example.invalid\"\ndelay = \"{delay}\"\nhosts_at_once = {hosts}\n");
    let mut servers = Vec::new();
    for h in 0..hosts {
        let s = Server::start_logging(&format!("127.0.0.{}", h + 2), log.clone());
        let share: Vec<(String, String)> = (0..articles)
            .filter(|i| i % hosts == h)
            .map(|i| (format!("/news/{i}"), format!("Bench story {i}")))
            .collect();
        for (i, (path, _)) in share.iter().enumerate() {
            s.set(path, Reply::html(article_page(h * 100_000 + i, &format!("bench host {h}"))).validators(path));
        }
        s.set("/feed.xml", Reply::xml(rss(&s.url(""), &share)).validators("feed"));
        text.push_str(&format!(
            "\n[[source]]\nname = \"Bench host {h}\"\nurl = \"{}\"\nkind = \"feed\"\n",
            s.url("/feed.xml")
        ));
        servers.push(s);
    }
    std::fs::write(&file, text).expect("write the sources file");
    println!("ready");
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    let log = log.lock().unwrap();
    let mut smallest = std::time::Duration::MAX;
    for s in &servers {
        let mine: Vec<_> = log.iter().filter(|r| r.host == s.addr).collect();
        for w in mine.windows(2) {
            smallest = smallest.min(w[1].at - w[0].at);
        }
    }
    println!(
        "requests {} over {} hosts; smallest gap between two requests to one host {:?}",
        log.len(),
        hosts,
        smallest
    );
}
