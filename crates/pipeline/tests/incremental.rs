//! Resolving a generated stream as it arrives, a batch at a time, records the
//! same occurrences and commitments as resolving it all at once: what the
//! incremental resolver keeps between chunks (actors, open commitments) and
//! reads back (a day's earlier reports, stored meetings) stands in for the
//! whole store.

use attache_pipeline::generate::{Stream, store_generated};
use attache_store::Store;

/// (id, status, fulfilled by) of every commitment, in id order.
type Commitments = Vec<(String, String, String)>;
/// (id, reports, independent sources) of every occurrence, in id order.
type Occurrences = Vec<(String, i64, i64)>;

fn outcome(store: &Store) -> (Commitments, Occurrences) {
    let mut commitments: Vec<(String, String, String)> = store
        .commitments(None, None)
        .unwrap()
        .iter()
        .map(|c| {
            let s = |k: &str| c[k].as_str().unwrap_or_default().to_string();
            (s("id"), s("status"), s("fulfilled_by"))
        })
        .collect();
    commitments.sort();
    let mut occurrences: Vec<(String, i64, i64)> =
        store.occurrences(None).unwrap().into_iter().map(|o| (o.id, o.reports, o.independent_sources)).collect();
    occurrences.sort();
    (commitments, occurrences)
}

#[test]
fn batch_by_batch_records_what_all_at_once_does() {
    // Few persons, so the same people meet again and again, within a day
    // and across chunks, and promises are kept.
    let items = Stream::new(150, 11).take(18_000);
    let mut whole = Store::in_memory().unwrap();
    store_generated(&mut whole, &items).unwrap();
    attache_pipeline::resolve(&mut whole).unwrap();

    // Small batches, then one large enough to be resolved in four chunks
    // (what one resolution keeps in memory from chunk to chunk is used).
    let mut batched = Store::in_memory().unwrap();
    let (small, large) = items.split_at(2800);
    for batch in small.chunks(700).chain([large]) {
        store_generated(&mut batched, batch).unwrap();
        attache_pipeline::resolve(&mut batched).unwrap();
    }
    let (whole_commitments, whole_occurrences) = outcome(&whole);
    let (batched_commitments, batched_occurrences) = outcome(&batched);
    let fulfilled = whole_commitments.iter().filter(|c| c.1 == "fulfilled").count();
    assert!(fulfilled > 50, "the stream keeps promises: {fulfilled} fulfilled");
    assert!(whole_occurrences.len() < 18_000, "reposts and same-day meetings merge");
    assert_eq!(batched_commitments, whole_commitments);
    assert_eq!(batched_occurrences, whole_occurrences);

    // The same batches resolved by one process that keeps what it read
    // from one batch to the next.
    let mut kept = Store::in_memory().unwrap();
    let mut resolving = attache_pipeline::Resolving::default();
    for batch in small.chunks(700).chain([large]) {
        store_generated(&mut kept, batch).unwrap();
        resolving.resolve(&mut kept).unwrap();
    }
    let (kept_commitments, kept_occurrences) = outcome(&kept);
    assert_eq!(kept_commitments, whole_commitments);
    assert_eq!(kept_occurrences, whole_occurrences);
}
