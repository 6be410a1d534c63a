//! The hash maps and sets of carto: std's, with foldhash instead of SipHash.
//! Ids and indices are hashed millions of times on a large inventory, and
//! SipHash showed in the profiles; foldhash is several times faster and still
//! seeded per process, so crafted ids cannot force collisions ahead of time.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;
