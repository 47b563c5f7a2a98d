//! Partner and municipality records: `partners/ID.yaml`.

use crate::error::Diagnostic;
use crate::yaml::{self, Spanned};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// `kind:` of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A national organisation.
    Landelijk,
    /// A regional organisation.
    Regionaal,
    /// A municipality: its page is under `gemeenten/`, with its basisniveau.
    Gemeente,
}

/// Roles in the chain, in the order the directory lists them.
pub const ROLES: &[(&str, &str)] = &[
    ("signaleren", "Signaleren"),
    ("melden", "Melden en registreren"),
    ("opsporen", "Opsporen en vervolgen"),
    ("bestuurlijk", "Bestuurlijke aanpak"),
    ("opvang", "Opvang"),
    ("zorg", "Zorg en hulp"),
    ("juridisch", "Juridisch en verblijf"),
];

/// Forms of exploitation (id, label), for `forms:`.
pub const FORMS: &[(&str, &str)] = &[
    ("seksuele-uitbuiting", "Seksuele uitbuiting"),
    ("arbeidsuitbuiting", "Arbeidsuitbuiting"),
    ("criminele-uitbuiting", "Criminele uitbuiting"),
    ("orgaanverwijdering", "Gedwongen orgaanverwijdering"),
];

/// The label of a role id, `None` for an unknown one.
pub fn role_label(id: &str) -> Option<&'static str> {
    ROLES.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
}

/// The label of a form id, `None` for an unknown one.
pub fn form_label(id: &str) -> Option<&'static str> {
    FORMS.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
}

/// A record `partners/ID.yaml`, as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    /// The organisation's name.
    pub name: String,
    /// Other names: search synonyms.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// National, regional or municipality.
    pub kind: Kind,
    /// Ids from [`ROLES`]; at least one.
    pub roles: Vec<Spanned<String>>,
    /// Ids from [`FORMS`]; empty means every form.
    #[serde(default)]
    pub forms: Vec<Spanned<String>>,
    /// The municipalities served.
    pub area: Spanned<Area>,
    /// One sentence: what they do against human trafficking.
    pub summary: String,
    /// Markdown: what the organisation does.
    pub description: Spanned<String>,
    /// Markdown: when to get in touch with them.
    pub when_to_contact: Spanned<String>,
    /// How to reach them; every field optional.
    #[serde(default)]
    pub contact: Contact,
    /// The web pages the facts come from.
    pub source: Spanned<Sources>,
    /// When the sources were consulted (`reviewed` is the old name).
    #[serde(alias = "reviewed")]
    pub consulted: Spanned<String>,
    /// Only when the organisation itself confirmed the facts: by whom and when.
    #[serde(default)]
    pub confirmed: Option<Confirmed>,
    /// What is still to be settled about this partner.
    #[serde(default)]
    pub open: Vec<Spanned<OpenItem>>,
    // Municipality records only.
    /// Markdown: the municipality's internal reporting point, by role and channel.
    #[serde(default)]
    pub meldpunt: Option<Spanned<String>>,
    /// Markdown: the municipality's attention officer, by role, never by name.
    #[serde(default)]
    pub aandachtsfunctionaris: Option<Spanned<String>>,
    /// The municipality's status on each goal of the plan, by goal id.
    #[serde(default)]
    pub basisniveau: Option<Spanned<BTreeMap<String, GoalStatus>>>,
}

/// `confirmed:` of a record.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirmed {
    /// Who at the organisation confirmed the facts.
    pub by: String,
    /// When (YYYY-MM-DD).
    pub date: Spanned<String>,
}

/// One item of an `open:` list: a sentence, or a sentence with who decides.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OpenItem {
    /// Only the sentence.
    Text(String),
    /// The sentence and who decides.
    Full(OpenDetail),
}

/// The long form of an [`OpenItem`]: `text:` and `decides:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenDetail {
    /// What is still to be settled.
    pub text: String,
    /// Who decides it.
    #[serde(default)]
    pub decides: Option<String>,
}

impl OpenItem {
    /// What is still to be settled.
    pub fn text(&self) -> &str {
        match self {
            OpenItem::Text(t) => t,
            OpenItem::Full(d) => &d.text,
        }
    }
    /// Who decides it, if the item says.
    pub fn decides(&self) -> Option<&str> {
        match self {
            OpenItem::Text(_) => None,
            OpenItem::Full(d) => d.decides.as_deref(),
        }
    }
}

/// The open points of an `open:` list, with an error for an item without text.
pub fn open_list(
    file: &Path,
    items: &[Spanned<OpenItem>],
    out: &mut Vec<Diagnostic>,
) -> Vec<crate::open_points::OpenPoint> {
    let mut points = Vec::new();
    for item in items {
        let line = item.referenced.line() as usize;
        if item.value.text().trim().is_empty() {
            out.push(
                Diagnostic::error(file, line, "open punt zonder tekst")
                    .col(item.referenced.column() as usize)
                    .hint("schrijf wat er nog vastgesteld moet worden, bijvoorbeeld `- text: Wie de aandachtsfunctionaris is.` met `decides: college`"),
            );
            continue;
        }
        points.push(crate::open_points::OpenPoint::new(
            file,
            line,
            item.value.text(),
            item.value.decides(),
        ));
    }
    points
}

/// `all`, or a list of municipality ids.
#[derive(Debug, Clone)]
pub enum Area {
    /// A single word; only `all` is valid.
    Word(String),
    /// Municipality ids, each with its place.
    List(Vec<Spanned<String>>),
}

// By hand rather than `#[serde(untagged)]`: untagged buffers the value and loses every list
// item's place, so an unknown id in `area: [hoorn, horn]` could not be shown at its line.
impl<'de> Deserialize<'de> for Area {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Area, D::Error> {
        struct AreaVisitor;
        impl<'de> serde::de::Visitor<'de> for AreaVisitor {
            type Value = Area;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`all` of een lijst van gemeenten")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Area, E> {
                Ok(Area::Word(v.to_string()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Area, E> {
                Ok(Area::Word(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Area, A::Error> {
                let mut ids = Vec::new();
                while let Some(id) = seq.next_element::<Spanned<String>>()? {
                    ids.push(id);
                }
                Ok(Area::List(ids))
            }
        }
        d.deserialize_any(AreaVisitor)
    }
}

/// `source:` one address or a list; each item keeps its place for messages.
#[derive(Debug, Clone)]
pub enum Sources {
    /// A single address.
    One(String),
    /// A list of addresses.
    Many(Vec<Spanned<String>>),
}

impl Sources {
    /// The addresses, in the order written.
    pub fn urls(&self) -> Vec<String> {
        match self {
            Sources::One(s) => vec![s.clone()],
            Sources::Many(v) => v.iter().map(|s| s.value.clone()).collect(),
        }
    }
}

// By hand rather than `untagged`: an untagged enum loses the items' line numbers.
impl<'de> Deserialize<'de> for Sources {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Sources;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("een webadres of een lijst van webadressen")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Sources, E> {
                Ok(Sources::One(v.to_string()))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Sources, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    items.push(item);
                }
                Ok(Sources::Many(items))
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// `contact:` of a record: only verified facts.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    /// The main phone number.
    pub phone: Option<String>,
    /// What the main number is, e.g. `Meldlijn (gratis)`.
    pub phone_label: Option<String>,
    /// A second phone number.
    pub phone_extra: Option<String>,
    /// What the second number is, e.g. `Vanuit het buitenland`.
    pub phone_extra_label: Option<String>,
    /// The email address.
    pub email: Option<String>,
    /// The website.
    pub website: Option<Spanned<String>>,
    /// The postal or visiting address.
    pub address: Option<String>,
    /// Opening hours, as text.
    pub hours: Option<String>,
    /// Markdown: how to reach them where no number is verified.
    pub note: Option<String>,
}

/// A municipality's status on one goal of the plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Achieved (`gerealiseerd`).
    Gerealiseerd,
    /// Under way (`in-uitvoering`).
    InUitvoering,
    /// Not started (`niet-gestart`).
    NietGestart,
    /// Not known (`onbekend`).
    Onbekend,
}

impl Status {
    /// The label shown on the page.
    pub fn label(self) -> &'static str {
        match self {
            Status::Gerealiseerd => "Gerealiseerd",
            Status::InUitvoering => "In uitvoering",
            Status::NietGestart => "Niet gestart",
            Status::Onbekend => "Onbekend",
        }
    }
    /// The CSS class for this status.
    pub fn class(self) -> &'static str {
        match self {
            Status::Gerealiseerd => "gerealiseerd",
            Status::InUitvoering => "in-uitvoering",
            Status::NietGestart => "niet-gestart",
            Status::Onbekend => "onbekend",
        }
    }
}

/// One goal under `basisniveau:`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GoalStatus {
    /// How far the municipality is.
    pub status: Status,
    /// Optional text beside the status.
    #[serde(default)]
    pub note: String,
}

/// A loaded record with its id and file.
#[derive(Debug, Clone)]
pub struct Partner {
    /// The file name without `.yaml`.
    pub id: String,
    /// Path relative to the site root.
    pub file: PathBuf,
    /// The record as written.
    pub record: Record,
    /// Line of the first line of `contact.note` and the columns before its text (0 when
    /// absent), to place its Markdown's problems.
    pub note_place: (usize, usize),
}

impl Partner {
    /// `partners/ID/` or `gemeenten/ID/`.
    pub fn url(&self) -> String {
        match self.record.kind {
            Kind::Gemeente => format!("gemeenten/{}/", self.id),
            _ => format!("partners/{}/", self.id),
        }
    }

    /// Whether this is a municipality record.
    pub fn is_gemeente(&self) -> bool {
        self.record.kind == Kind::Gemeente
    }

    /// Municipality ids served, or `None` for all.
    pub fn area_ids(&self) -> Option<Vec<String>> {
        match &self.record.area.value {
            Area::Word(_) => None,
            Area::List(l) => Some(l.iter().map(|s| s.value.clone()).collect()),
        }
    }
}

/// Parses the record `file` (relative to the site root) with id `id`.
pub fn parse(text: &str, file: &Path, id: &str) -> Result<Partner, Diagnostic> {
    let record: Record = yaml::parse(text, file, 0)?;
    let note_place = if record.contact.note.is_some() {
        nested_value_place(text, "contact", "note")
    } else {
        (0, 0)
    };
    Ok(Partner {
        id: id.to_string(),
        file: file.to_path_buf(),
        record,
        note_place,
    })
}

/// Line (1-based) where the value of `parent:` → `key:` starts, and the columns before its
/// text: the key's own line, or for a block scalar (`note: |`) the first non-empty line below
/// it. (0, 0) when not found. `Contact` stays a plain struct (templates serialise it), so its
/// place is found in the text.
fn nested_value_place(text: &str, parent: &str, key: &str) -> (usize, usize) {
    let lines: Vec<&str> = text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let Some(start) = lines.iter().position(|l| {
        indent(l) == 0 && l.split('#').next().unwrap_or("").trim_end() == format!("{parent}:")
    }) else {
        return (0, 0);
    };
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        let t = l.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if indent(l) == 0 {
            break;
        }
        let Some(rest) = t.strip_prefix(key).and_then(|r| r.strip_prefix(':')) else {
            continue;
        };
        let value = rest.trim_start();
        if value.starts_with('|') || value.starts_with('>') {
            return lines
                .iter()
                .enumerate()
                .skip(i + 1)
                .find(|(_, l)| !l.trim().is_empty())
                .map_or((0, 0), |(j, l)| (j + 1, indent(l)));
        }
        let before = l.len() - value.len();
        let quoted = usize::from(value.starts_with('"') || value.starts_with('\''));
        return (i + 1, l[..before].chars().count() + quoted);
    }
    (0, 0)
}

/// Checks that need only the record itself (ids of municipalities are checked by the site).
pub fn check(p: &Partner, today: Date, review_months: u32) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let r = &p.record;
    let line = |s: &crate::yaml::Spanned<String>| s.referenced.line() as usize;
    if !is_valid_id(&p.id) {
        out.push(
            Diagnostic::error(&p.file, 0, format!("ongeldige id \"{}\" (bestandsnaam)", p.id))
                .hint("gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld `veilig-thuis.yaml`"),
        );
    }
    if r.roles.is_empty() {
        out.push(
            Diagnostic::error(&p.file, 0, "`roles` is leeg").hint(format!(
                "noem minstens één rol: {}",
                ROLES.iter().map(|r| r.0).collect::<Vec<_>>().join(", ")
            )),
        );
    }
    for role in &r.roles {
        if role_label(&role.value).is_none() {
            out.push(
                Diagnostic::unknown_choice(&p.file, line(role), "rol", &role.value, ROLES)
                    .col(role.referenced.column() as usize),
            );
        }
    }
    for form in &r.forms {
        if form_label(&form.value).is_none() {
            out.push(
                Diagnostic::unknown_choice(&p.file, line(form), "vorm", &form.value, FORMS)
                    .col(form.referenced.column() as usize),
            );
        }
    }
    if let Area::Word(w) = &r.area.value {
        if w != "all" {
            out.push(
                Diagnostic::error(
                    &p.file,
                    r.area.referenced.line() as usize,
                    format!("onbekend werkgebied \"{w}\""),
                )
                .hint("schrijf `area: all` of een lijst van de ids van gemeenterecords, zoals `area: [gemeente-a, gemeente-b]`"),
            );
        }
    }
    let consulted = if is_placeholder(&r.consulted.value) {
        None
    } else {
        checked_date(&p.file, &r.consulted, "consulted", today, &mut out)
    };
    let confirmed = r
        .confirmed
        .as_ref()
        .and_then(|c| checked_date(&p.file, &c.date, "confirmed.date", today, &mut out));
    // The newest of the two dates says how fresh the facts are.
    let newest = consulted.max(confirmed);
    if let Some(d) = newest {
        if d.months_before(today) > review_months as i64 {
            let place = if confirmed == newest {
                r.confirmed.as_ref().map_or(&r.consulted, |c| &c.date)
            } else {
                &r.consulted
            };
            out.push(
                Diagnostic::warning(
                    &p.file,
                    line(place),
                    format!(
                        "de gegevens zijn op {} voor het laatst nagekeken: langer dan {review_months} maanden geleden",
                        d.iso()
                    ),
                )
                .hint("raadpleeg de bronnen opnieuw en zet `consulted` op de datum van vandaag"),
            );
        }
    }
    check_urls(p, &mut out);
    let gemeente_only = [
        ("meldpunt", r.meldpunt.is_some()),
        ("aandachtsfunctionaris", r.aandachtsfunctionaris.is_some()),
        ("basisniveau", r.basisniveau.is_some()),
    ];
    if p.is_gemeente() {
        for (key, present) in gemeente_only {
            if !present {
                out.push(
                    Diagnostic::error(&p.file, 0, format!("gemeente zonder `{key}`"))
                        .hint("een gemeenterecord beschrijft meldpunt, aandachtsfunctionaris en basisniveau (zie README)"),
                );
            }
        }
        // Its goals are the site's (`goals` in site.yaml): see region::check_record.
    } else {
        for (key, present) in gemeente_only {
            if present {
                out.push(
                    Diagnostic::error(&p.file, 0, format!("`{key}` hoort alleen bij een gemeente"))
                        .hint("zet `kind: gemeente` of haal het veld weg"),
                );
            }
        }
    }
    out
}

/// A date an editor wrote (`consulted`, `confirmed.date`, `updated`, the plan's dates): a real
/// `YYYY-MM-DD` that is not in the future. `key` names the field in the message when the file
/// holds several dates (`in \`updated\``); `column` marks a date in the future.
pub fn past_date(
    file: &Path,
    line: usize,
    column: usize,
    value: &str,
    key: Option<&str>,
    future_hint: &str,
    today: Date,
) -> Result<Date, Diagnostic> {
    let place = key.map(|k| format!(" in {k}")).unwrap_or_default();
    match Date::parse(value) {
        None => Err(
            Diagnostic::error(file, line, format!("ongeldige datum \"{value}\"{place}"))
                .hint("schrijf de datum als JJJJ-MM-DD, bijvoorbeeld 2026-11-29"),
        ),
        Some(d) if d > today => Err(Diagnostic::error(
            file,
            line,
            format!(
                "de datum {}{place} ligt in de toekomst (vandaag is het {})",
                value.trim(),
                today.iso()
            ),
        )
        .col(column)
        .hint(future_hint)),
        Some(d) => Ok(d),
    }
}

/// A date of a record (`consulted`, `confirmed.date`): valid and not in the future.
fn checked_date(
    file: &Path,
    value: &Spanned<String>,
    key: &str,
    today: Date,
    out: &mut Vec<Diagnostic>,
) -> Option<Date> {
    let hint = if key == "consulted" {
        "zet `consulted` op de dag waarop je de bronnen hebt geraadpleegd".to_string()
    } else {
        format!("zet `{key}` op de dag waarop de organisatie de gegevens bevestigde")
    };
    let line = value.referenced.line() as usize;
    let column = value.referenced.column() as usize;
    past_date(file, line, column, &value.value, None, &hint, today)
        .map_err(|d| out.push(d))
        .ok()
}

/// Values `ketenwijzer new partner` writes for the editor to replace.
const PLACEHOLDERS: &[&str] = &[
    "NAAM",
    "DATUM",
    "Beschrijving.",
    "- Bij ...",
    "https://",
    "",
];

/// Whether `value` is still what `ketenwijzer new partner` wrote there.
pub fn is_placeholder(value: &str) -> bool {
    PLACEHOLDERS.contains(&value.trim())
}

/// The record's `open:` list, and every field still holding what `new partner` wrote there
/// (so an untouched new record can never be published without it being listed).
pub fn open_points(p: &Partner, out: &mut Vec<Diagnostic>) -> Vec<crate::open_points::OpenPoint> {
    let r = &p.record;
    let mut points = open_list(&p.file, &r.open, out);
    let mut field = |key: &str, value: &str, line: usize| {
        if is_placeholder(value) {
            points.push(crate::open_points::OpenPoint::new(
                &p.file,
                line,
                &format!("`{key}` is nog niet ingevuld"),
                None,
            ));
        }
    };
    let line = |s: &Spanned<String>| s.referenced.line() as usize;
    field("name", &r.name, 0);
    field("summary", &r.summary, 0);
    field("description", &r.description.value, line(&r.description));
    field(
        "when_to_contact",
        &r.when_to_contact.value,
        line(&r.when_to_contact),
    );
    field("consulted", &r.consulted.value, line(&r.consulted));
    if let Sources::Many(list) = &r.source.value {
        for s in list {
            field("source", &s.value, line(s));
        }
    } else if let Sources::One(s) = &r.source.value {
        field("source", s, r.source.referenced.line() as usize);
    }
    points
}

/// `contact.website` and every `source` are web addresses the page links to: only
/// `https://` or `http://` (a `javascript:` link would run in the reader's browser).
fn check_urls(p: &Partner, out: &mut Vec<Diagnostic>) {
    let r = &p.record;
    let mut refuse = |key: &str, url: &str, line: usize, col: usize| {
        out.push(
            Diagnostic::error(
                &p.file,
                line,
                format!(
                    "`{key}` moet een webadres zijn dat begint met https:// of http://, niet \"{}\"",
                    crate::links::shown(url)
                ),
            )
            .col(col)
            .hint("kopieer het adres uit de adresbalk van de browser, bijvoorbeeld https://www.voorbeeld.nl/"),
        );
    };
    if let Some(w) = &r.contact.website {
        // The scaffold writes `website: ""`: empty means "no website".
        if !w.value.trim().is_empty() && !crate::links::is_web_url(&w.value) {
            refuse(
                "website",
                &w.value,
                w.referenced.line() as usize,
                w.referenced.column() as usize,
            );
        }
    }
    let whole = &r.source.referenced;
    let items: Vec<(&str, usize, usize)> = match &r.source.value {
        Sources::One(url) => vec![(url, whole.line() as usize, whole.column() as usize)],
        Sources::Many(list) => list
            .iter()
            .map(|s| {
                (
                    s.value.as_str(),
                    s.referenced.line() as usize,
                    s.referenced.column() as usize,
                )
            })
            .collect(),
    };
    for (url, line, col) in items {
        // `https://` alone is what `new partner` writes: an open point, not an error.
        if !crate::links::is_web_url(url) && url.trim() != "https://" {
            refuse("source", url, line, col);
        }
    }
}

/// Whether `id` is a valid record id: lowercase letters, digits and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

pub use crate::util::date::Date;

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "name: Politie\nkind: landelijk\nroles: [opsporen]\narea: all\nsummary: s\ndescription: d\nwhen_to_contact: w\nsource: https://x\nconsulted: 2026-11-01\n";

    #[test]
    fn parses_good_record() {
        let p = parse(GOOD, Path::new("partners/politie.yaml"), "politie").unwrap();
        assert_eq!(p.url(), "partners/politie/");
        assert!(check(&p, Date::parse("2026-11-29").unwrap(), 12).is_empty());
    }

    #[test]
    fn stale_review_warns() {
        let p = parse(GOOD, Path::new("partners/politie.yaml"), "politie").unwrap();
        let ds = check(&p, Date::parse("2028-01-01").unwrap(), 12);
        assert_eq!(ds.len(), 1);
        assert!(!ds[0].is_error());
        assert_eq!(ds[0].line, 9);
    }

    #[test]
    fn unknown_role_has_line() {
        let src = GOOD.replace("[opsporen]", "[opsporen, bellen]");
        let p = parse(&src, Path::new("p.yaml"), "p").unwrap();
        let ds = check(&p, Date::parse("2026-11-29").unwrap(), 12);
        assert_eq!(ds[0].line, 3);
        assert!(ds[0].message.contains("bellen"));
    }

    #[test]
    fn unknown_key_is_error() {
        let src = format!("{GOOD}telefoon: 112\n");
        let d = parse(&src, Path::new("p.yaml"), "p").unwrap_err();
        assert_eq!(d.line, 10);
    }

    #[test]
    fn dates() {
        let d = Date::parse("2026-11-29").unwrap();
        assert_eq!(Date::parse("2025-11-30").unwrap().months_before(d), 11);
        assert_eq!(Date::parse("2025-11-29").unwrap().months_before(d), 12);
        assert!(Date::parse("2026-13-01").is_none());
        assert_eq!(
            Date::from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(Date::from_days(20_786).dutch(), "29 november 2026");
    }

    #[test]
    fn area_ids_have_their_line() {
        let src = GOOD.replace("area: all", "area:\n  - hoorn\n  - opmeer");
        let p = parse(&src, Path::new("p.yaml"), "p").unwrap();
        let Area::List(ids) = &p.record.area.value else {
            panic!("{:?}", p.record.area.value);
        };
        let lines: Vec<u64> = ids.iter().map(|s| s.referenced.line()).collect();
        assert_eq!(lines, vec![5, 6]);
        assert!(parse(
            &GOOD.replace("area: all", "area: {a: 1}"),
            Path::new("p.yaml"),
            "p"
        )
        .is_err());
    }

    #[test]
    fn a_review_date_in_the_future_is_an_error() {
        let p = parse(GOOD, Path::new("p.yaml"), "p").unwrap();
        let ds = check(&p, Date::parse("2026-10-31").unwrap(), 12);
        assert_eq!(ds.len(), 1, "{ds:?}");
        assert!(ds[0].is_error());
        assert_eq!(ds[0].line, 9);
        assert!(ds[0].message.contains("toekomst"), "{ds:?}");
        // Today itself is fine.
        assert!(check(&p, Date::parse("2026-11-01").unwrap(), 12).is_empty());
    }

    #[test]
    fn note_place_is_found_in_the_text() {
        let src = format!("{GOOD}contact:\n  phone: \"1\"\n  note: |\n    Bel eerst.\n");
        let p = parse(&src, Path::new("p.yaml"), "p").unwrap();
        assert_eq!(p.note_place, (13, 4));
        let src = format!("{GOOD}contact:\n  note: \"Bel [x](y.md)\"\n");
        let p = parse(&src, Path::new("p.yaml"), "p").unwrap();
        assert_eq!(p.note_place, (11, 9));
    }
}
