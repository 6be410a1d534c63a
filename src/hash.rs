//! The hash maps and sets of carto: std's, with foldhash instead of SipHash.
//! Ids and indices are hashed millions of times on a large inventory, and
//! SipHash showed in the profiles; foldhash is several times faster and still
//! seeded per process, so crafted ids cannot force collisions ahead of time.

pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
pub type HashSet<K> = std::collections::HashSet<K, foldhash::fast::RandomState>;

/// FNV-1a, 64 bits: small, stable across versions and platforms (finding
/// fingerprints, the content keys of the snapshot store). Not for maps.
pub struct Fnv(pub u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    /// Hashes `bytes` and a separator (so that parts cannot run together).
    pub fn part(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// Mixes in a whole number at once (the finalizer of SplitMix64 over
    /// the running state): for content keys made of numbers, where hashing
    /// byte by byte showed in the profiles.
    pub fn number(&mut self, n: i64) {
        let mut z = (self.0 ^ n as u64).wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}
