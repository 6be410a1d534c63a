//! The built-in taxonomy (sections 3.3-3.5 and 5.1 of the format): data
//! categories, data-subject categories and purpose categories that every
//! inventory may reference without declaring them.

use super::Special;

/// A built-in data category: id, parent, special class.
pub const DATA: &[(&str, Option<&str>, Option<Special>)] = &[
    ("identity", None, None),
    ("identity.nir", Some("identity"), Some(Special::Nir)),
    ("contact", None, None),
    ("personal-life", None, None),
    ("professional", None, None),
    ("financial", None, None),
    ("connection", None, None),
    ("location", None, None),
    ("health", None, Some(Special::Health)),
    ("health.record", Some("health"), Some(Special::Health)),
    ("health.imaging", Some("health"), Some(Special::Health)),
    ("health.lab", Some("health"), Some(Special::Health)),
    ("health.prescription", Some("health"), Some(Special::Health)),
    ("genetic", None, Some(Special::Genetic)),
    ("biometric", None, Some(Special::Biometric)),
    ("criminal", None, Some(Special::Criminal)),
];

/// A built-in data-subject category: id, vulnerable.
pub const SUBJECTS: &[(&str, bool)] = &[
    ("patients", true),
    ("staff", true),
    ("minors", true),
    ("visitors", false),
    ("professionals", false),
    ("citizens", false),
];

/// A built-in purpose category: id, parent.
pub const USES: &[(&str, Option<&str>)] = &[
    ("care", None),
    ("care.diagnosis", Some("care")),
    ("care.treatment", Some("care")),
    ("care.coordination", Some("care")),
    ("research", None),
    ("administration", None),
    ("billing", None),
    ("hr", None),
    ("hr.payroll", Some("hr")),
    ("security", None),
    ("marketing", None),
    ("analytics", None),
];
