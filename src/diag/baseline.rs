//! A baseline: the fingerprints of known findings, so that a team adopting
//! carto on an inventory with known problems fails CI only on new ones
//! (`check --write-baseline FILE`, then `check --baseline FILE`).

use super::Diagnostic;
use crate::hash::HashSet;
use crate::model::SourceMap;
use serde::{Deserialize, Serialize};

/// The baseline file (JSON): what was known, by fingerprint.
#[derive(Debug, Serialize, Deserialize)]
pub struct Baseline {
    pub version: u32,
    pub tool: String,
    pub findings: Vec<BaselineEntry>,
}

/// One known finding; only `fingerprint` is matched, the rest is there for
/// people reading the file and for reporting what was fixed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BaselineEntry {
    pub fingerprint: String,
    pub rule: String,
    pub severity: String,
    #[serde(default)]
    pub entity: Option<String>,
    #[serde(default)]
    pub message: String,
}

/// A finding compared with a baseline (SARIF's `baselineState`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Not in the baseline: reported, and it fails the check.
    New,
    /// In the baseline: known, does not fail the check.
    Unchanged,
    /// In the baseline, no longer found: fixed.
    Absent,
}

impl Baseline {
    /// The baseline of these findings (`fps[i]` is the fingerprint of `diags[i]`).
    pub fn of(diags: &[Diagnostic], fps: &[String]) -> Baseline {
        let mut seen = HashSet::default();
        let findings = diags
            .iter()
            .zip(fps)
            .filter(|(_, fp)| seen.insert(fp.as_str()))
            .map(|(d, fp)| BaselineEntry {
                fingerprint: fp.clone(),
                rule: d.rule.clone(),
                severity: d.severity.to_string(),
                entity: d.entity.as_deref().map(str::to_string),
                message: d.message.clone(),
            })
            .collect();
        Baseline {
            version: 1,
            tool: "carto".into(),
            findings,
        }
    }

    /// Reads a baseline file's text; the error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        let b: Baseline = serde_json::from_str(text)
            .map_err(|e| format!("not a carto baseline (JSON with `findings`): {e}"))?;
        if b.version != 1 {
            return Err(format!(
                "baseline version {} is not known to this carto (it reads version 1)",
                b.version
            ));
        }
        Ok(b)
    }

    /// Each finding's state, and the baseline entries no longer found.
    pub fn compare<'a>(&'a self, fps: &[String]) -> (Vec<State>, Vec<&'a BaselineEntry>) {
        let known: HashSet<&str> = self
            .findings
            .iter()
            .map(|e| e.fingerprint.as_str())
            .collect();
        let states = fps
            .iter()
            .map(|f| {
                if known.contains(f.as_str()) {
                    State::Unchanged
                } else {
                    State::New
                }
            })
            .collect();
        let present: HashSet<&str> = fps.iter().map(String::as_str).collect();
        let absent = self
            .findings
            .iter()
            .filter(|e| !present.contains(e.fingerprint.as_str()))
            .collect();
        (states, absent)
    }
}

/// Every finding's fingerprint, in order.
pub fn fingerprints(diags: &[Diagnostic], sources: &SourceMap) -> Vec<String> {
    diags.iter().map(|d| d.fingerprint(sources)).collect()
}
