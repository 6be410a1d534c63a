//! Scalar value types of the format: dates, durations, country codes and the
//! string-backed enums. Each one parses from the text a user writes and
//! serializes back to the same text.

use serde::{Serialize, Serializer};
use std::fmt;

/// A calendar date, `YYYY-MM-DD`. Ordered; `days()` gives a day number for
/// arithmetic with durations.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    /// Parses `YYYY-MM-DD`, checking the day exists in that month.
    pub fn parse(s: &str) -> Option<Date> {
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let digits = |r: std::ops::Range<usize>| -> Option<u32> {
            s.get(r.clone())
                .filter(|t| t.bytes().all(|c| c.is_ascii_digit()))?
                .parse()
                .ok()
        };
        let year = digits(0..4)? as i32;
        let month = digits(5..7)? as u8;
        let day = digits(8..10)? as u8;
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), by the civil-from-days algorithm.
    pub fn days(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date of a day number (inverse of `days`).
    pub fn from_days(z: i64) -> Date {
        let z = z + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        Date { year, month, day }
    }

    /// `CARTO_TODAY` when it is set: `Err` with the reason when it is not a
    /// valid date (the command line refuses it before anything runs).
    pub fn from_env() -> Result<Option<Date>, String> {
        match std::env::var("CARTO_TODAY") {
            Err(std::env::VarError::NotPresent) => Ok(None),
            Err(std::env::VarError::NotUnicode(_)) => {
                Err("CARTO_TODAY is not valid text: expected a date YYYY-MM-DD".into())
            }
            Ok(v) if v.is_empty() => Ok(None),
            Ok(v) => Date::parse(&v).map(Some).ok_or_else(|| {
                format!(
                    "CARTO_TODAY=`{}` is not a valid date: expected YYYY-MM-DD, a real day of the calendar",
                    crate::text::escape(&v)
                )
            }),
        }
    }

    /// Today in UTC, or the date in `CARTO_TODAY` (for reproducible runs and tests).
    pub fn today() -> Date {
        if let Ok(Some(d)) = Date::from_env() {
            return d;
        }
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_days(secs.div_euclid(86_400))
    }
}

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Unit of a duration: hours, days, weeks, months (`M`), years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DurationUnit {
    Hours,
    Days,
    Weeks,
    Months,
    Years,
}

/// A duration such as `4h`, `30d`, `6M`, `20y` (units are case-sensitive).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    pub amount: u32,
    pub unit: DurationUnit,
}

impl Duration {
    pub fn parse(s: &str) -> Option<Duration> {
        let unit = match s.chars().last()? {
            'h' => DurationUnit::Hours,
            'd' => DurationUnit::Days,
            'w' => DurationUnit::Weeks,
            'M' => DurationUnit::Months,
            'y' => DurationUnit::Years,
            _ => return None,
        };
        let num = &s[..s.len() - 1];
        if num.is_empty() || !num.bytes().all(|c| c.is_ascii_digit()) {
            return None;
        }
        Some(Duration {
            amount: num.parse().ok()?,
            unit,
        })
    }

    /// Length in hours (months are 30.44 days, years 365.25), for comparisons.
    pub fn hours(&self) -> f64 {
        let a = f64::from(self.amount);
        match self.unit {
            DurationUnit::Hours => a,
            DurationUnit::Days => a * 24.0,
            DurationUnit::Weeks => a * 168.0,
            DurationUnit::Months => a * 730.5,
            DurationUnit::Years => a * 8766.0,
        }
    }

    /// The date this duration before `d` (calendar months and years).
    pub fn before(&self, d: Date) -> Date {
        let a = i64::from(self.amount);
        match self.unit {
            DurationUnit::Hours => Date::from_days(d.days() - a.div_euclid(24)),
            DurationUnit::Days => Date::from_days(d.days() - a),
            DurationUnit::Weeks => Date::from_days(d.days() - 7 * a),
            DurationUnit::Months | DurationUnit::Years => {
                let months = if self.unit == DurationUnit::Years {
                    a * 12
                } else {
                    a
                };
                let total = i64::from(d.year) * 12 + i64::from(d.month) - 1 - months;
                let year = total.div_euclid(12) as i32;
                let month = (total.rem_euclid(12) + 1) as u8;
                let day = d.day.min(days_in_month(year, month));
                Date { year, month, day }
            }
        }
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let u = match self.unit {
            DurationUnit::Hours => 'h',
            DurationUnit::Days => 'd',
            DurationUnit::Weeks => 'w',
            DurationUnit::Months => 'M',
            DurationUnit::Years => 'y',
        };
        write!(f, "{}{}", self.amount, u)
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A period that is either a duration or free text ("until the end of the contract").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Period {
    Duration(Duration),
    Text(String),
}

impl Period {
    pub fn parse(s: &str) -> Period {
        Duration::parse(s).map_or_else(|| Period::Text(s.to_string()), Period::Duration)
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Duration(d) => d.fmt(f),
            Period::Text(t) => f.write_str(t),
        }
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// An ISO 3166-1 alpha-2 country code, checked against the official list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// Stands in for a missing required country while a failed load goes on
    /// collecting errors; never seen in a loaded inventory.
    pub const PLACEHOLDER: Country = Country(*b"ZZ");

    pub fn parse(s: &str) -> Option<Country> {
        let b = s.as_bytes();
        if b.len() == 2 && ISO_3166.split(' ').any(|c| c == s) {
            Some(Country([b[0], b[1]]))
        } else {
            None
        }
    }

    pub fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The officially assigned ISO 3166-1 alpha-2 codes.
const ISO_3166: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW";

/// The 30 EEA countries (EU 27 + Iceland, Liechtenstein, Norway).
pub const EEA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV",
    "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
];

/// Countries with a full EU adequacy decision (the US only through DPF
/// certification, handled per organization).
pub const ADEQUACY: &[&str] = &[
    "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
];

/// Declares a string-backed enum: `parse`, `as_str`, `ALL` (for messages and
/// suggestions) and serialization as the string.
macro_rules! str_enum {
    ($(#[$m:meta])* $name:ident { $($var:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name { $($var),+ }
        impl $name {
            pub const ALL: &'static [&'static str] = &[$($s),+];
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($s => Some(Self::$var),)+ _ => None }
            }
            pub fn as_str(&self) -> &'static str {
                match self { $(Self::$var => $s),+ }
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

str_enum!(
    /// The language of documents carto writes for people (the register);
    /// English when nothing says otherwise.
    Language { En = "en", Fr = "fr" }
);
// The enum comes from `str_enum!`, which cannot mark a default variant.
#[allow(clippy::derivable_impls)]
impl Default for Language {
    fn default() -> Self {
        Language::En
    }
}

str_enum!(
    /// Kind of organization (ecosystem view).
    OrgKind { SelfOrg = "self", Entity = "entity", Processor = "processor", Partner = "partner",
    Supplier = "supplier", Host = "host", Authority = "authority", Recipient = "recipient" }
);
str_enum!(
    /// Trust level of a network zone.
    Trust { Internet = "internet", Dmz = "dmz", Internal = "internal", Restricted = "restricted", Admin = "admin" }
);
str_enum!(
    /// Art. 9/10 class of a special data category (plus the French NIR).
    Special { Health = "health", Genetic = "genetic", Biometric = "biometric",
    RacialEthnic = "racial-ethnic", Political = "political", Religious = "religious",
    Union = "union", SexLife = "sex-life", Criminal = "criminal", Nir = "nir" }
);
str_enum!(
    /// Kind of application.
    AppKind { Application = "application", Database = "database", Saas = "saas", Device = "device", Gateway = "gateway" }
);
str_enum!(
    /// Business criticality.
    Criticality { Low = "low", Medium = "medium", High = "high", Vital = "vital" }
);
str_enum!(
    /// Kind of group.
    GroupKind { Team = "team", Role = "role", Directory = "directory" }
);
str_enum!(
    /// Kind of non-personal account.
    AccountKind { Service = "service", Shared = "shared", Generic = "generic", Admin = "admin", BreakGlass = "break-glass" }
);
str_enum!(
    /// Access level; `admin` implies `write` implies `read`.
    Level { Read = "read", Write = "write", Admin = "admin" }
);
str_enum!(
    /// Role of the organization in a processing.
    ProcessingRole { Controller = "controller", Processor = "processor" }
);
str_enum!(
    /// Art. 6(1) legal basis.
    LegalBasis { Consent = "consent", Contract = "contract", LegalObligation = "legal-obligation",
    VitalInterests = "vital-interests", PublicTask = "public-task", LegitimateInterests = "legitimate-interests" }
);
str_enum!(
    /// Art. 9(2) condition letter, or Art. 10.
    SpecialCondition { A = "a", B = "b", C = "c", D = "d", E = "e", F = "f", G = "g", H = "h", I = "i", J = "j", Art10 = "art10" }
);
str_enum!(
    /// Transfer safeguard (Chapter V).
    Safeguard { Adequacy = "adequacy", Scc = "scc", Bcr = "bcr", Derogation49 = "derogation-49" }
);
str_enum!(
    /// Status of a DPIA.
    DpiaStatus { Required = "required", InProgress = "in-progress", Done = "done", NotRequired = "not-required" }
);
str_enum!(
    /// EDPB DPIA criteria that carto cannot derive.
    Criterion { Evaluation = "evaluation", Monitoring = "monitoring", Matching = "matching", Innovative = "innovative", Exclusion = "exclusion" }
);
str_enum!(
    /// Severity of a finding or policy.
    Severity { Info = "info", Warning = "warning", Error = "error" }
);
str_enum!(
    /// Severity setting in `carto.yaml` `rules:` (adds `off`).
    RuleLevel { Off = "off", Info = "info", Warning = "warning", Error = "error" }
);
str_enum!(
    /// What a policy applies to.
    PolicyTarget { Processing = "processing", Flow = "flow", Access = "access", Application = "application" }
);

impl Level {
    /// Whether this level includes `other` (admin > write > read).
    pub fn includes(self, other: Level) -> bool {
        self >= other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_and_round_trip() {
        assert_eq!(
            Date::parse("2024-02-29").map(|d| d.to_string()),
            Some("2024-02-29".into())
        );
        assert_eq!(Date::parse("2023-02-29"), None);
        assert_eq!(Date::parse("2023-13-01"), None);
        assert_eq!(Date::parse("23-01-01"), None);
        assert_eq!(Date::parse("2023-1-011"), None);
        let d = Date::parse("2026-11-22").expect("valid");
        assert_eq!(Date::from_days(d.days()), d);
        assert_eq!(Date::parse("1970-01-01").map(|d| d.days()), Some(0));
    }

    #[test]
    fn durations_parse_case_sensitively() {
        assert_eq!(
            Duration::parse("6M").map(|d| d.unit),
            Some(DurationUnit::Months)
        );
        assert_eq!(Duration::parse("6m"), None);
        assert_eq!(Duration::parse("h"), None);
        assert_eq!(Duration::parse("-3d"), None);
        let d = Date::parse("2026-03-31").expect("valid");
        let m = Duration::parse("1M").expect("valid");
        assert_eq!(m.before(d).to_string(), "2026-02-28");
        assert_eq!(
            Duration::parse("12M").expect("valid").before(d).to_string(),
            "2025-03-31"
        );
    }

    #[test]
    fn countries_are_checked_against_iso() {
        assert!(Country::parse("FR").is_some());
        assert!(Country::parse("NO").is_some());
        assert!(Country::parse("XX").is_none());
        assert!(Country::parse("fr").is_none());
        for c in EEA.iter().chain(ADEQUACY) {
            assert!(Country::parse(c).is_some(), "{c}");
        }
        assert_eq!(EEA.len(), 30);
    }

    #[test]
    fn levels_are_ordered() {
        assert!(Level::Admin.includes(Level::Read));
        assert!(!Level::Read.includes(Level::Write));
    }
}
