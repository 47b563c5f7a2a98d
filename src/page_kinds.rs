//! The kinds of page `ketenwijzer new page PATH --soort SOORT` writes. Every template passes
//! `check` on any site: its examples of links sit in comments (never shown, never checked), so
//! it names no page or partner the site may not have.

/// `--soort`: what the new page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum PageKind {
    /// Een gewone pagina.
    #[default]
    Pagina,
    /// Een hoofdstuk van het plan, met een open punt voor de tekst die nog moet worden vastgesteld.
    Hoofdstuk,
    /// Een signalenlijst: vinkjes en advies vanaf een aantal vinkjes.
    Signalenlijst,
    /// Een verwijsroute met een stroomschema.
    Route,
    /// Een oefencasus (in content/casussen/): een situatie en vragen met uitleg bij elk antwoord.
    Casus,
}

const FRONT: &str = "---
# Titel van de pagina (verplicht).
title: TITEL
# Eén of twee zinnen: staat in lijsten en zoekresultaten.
summary: \"\"
# Volgorde in de sectie: lager komt eerder. Een cijfer vooraan de bestandsnaam (04-...) werkt ook.
# order: 10
# Extra zoekwoorden die niet in de tekst staan.
keywords: []
# true = wordt nog niet gepubliceerd.
draft: false
";

const LINKS: &str = "<!-- Link naar een andere pagina met het .md-bestand, zoals [titel](../map/pagina.md), en naar een ketenpartner met [naam](partner:ID). -->
";

const PAGINA: &str = "---
Schrijf hier de tekst in Markdown.

LINKS
## Eerste kopje

Tekst onder het kopje.
";

const HOOFDSTUK: &str = "---
In dit hoofdstuk staat ... (één zin: wat de lezer hier vindt).

LINKS
## Eerste paragraaf

> [!OPEN]
> De tekst van dit hoofdstuk, zoals het plan die vaststelt.
>
> Beslist: portefeuillehouders OOV van de regio
";

const SIGNALENLIJST: &str = "# Advies dat verschijnt vanaf een aantal vinkjes. Bij elk advies kan een route (de naam van een
# bestand in content/routes/ zonder .md) en een partner (een id uit partners/):
#   route: signaal-melden
#   partner: politie
advice:
  - from: 1
    text: Bespreek wat je zag met de aandachtsfunctionaris mensenhandel van je gemeente.
  - from: 3
    text: Meerdere signalen samen wegen zwaarder. Meld het vandaag nog via de interne meldroute.
---
Eén signaal bewijst niets; het gaat meestal om een combinatie. Vink aan wat je zag.

LINKS
## Eerste groep signalen

- [ ] Een signaal, in één zin.
  Een toelichting of voorbeeld op de regel eronder.
- [ ] Nog een signaal.

## Tweede groep signalen

- [ ] Een signaal.
";

const ROUTE: &str = "---
Eén of twee zinnen: voor wie is deze route, en wanneer volg je hem? Bij acuut gevaar bel je altijd 112.

LINKS
<!-- Een stap laat naar een pagina of partner linken: click NAAM \"partner:ID\" of click NAAM \"../map/pagina.md\". -->

```mermaid
flowchart TD
  accTitle: TITEL
  accDescr: Eén zin die de hele route samenvat, voor wie het schema niet ziet.
  start([\"Je ziet een signaal\"]) --> acuut{\"Is er acuut gevaar?\"}
  acuut -->|Ja| bel112[\"Bel 112\"]
  acuut -->|Nee| stap[\"Wat je dan doet\"]
  stap --> einde([\"Klaar\"])
```
";

const CASUS: &str = "# Alleen voor een casus in content/casussen/. Haal het hekje weg om een regel te gebruiken.
# De afdeling waar de casus speelt (staat als label bij de casus):
# department: Burgerzaken
# Vormen: seksuele-uitbuiting, arbeidsuitbuiting, criminele-uitbuiting, orgaanverwijdering.
# forms: [arbeidsuitbuiting]
# Signalenlijsten in content/signalen/ (bestandsnaam zonder .md) die deze casus oefent; die lijsten linken terug:
# checklists: [burgerzaken]
# true = de afgedrukte casus is de versie voor de trainer (met antwoorden en uitleg):
# print_answers: true
---
De situatie, in een paar alinea's: wie, waar, wat zie je? Noem geen echte persoon of echt bedrijf.

LINKS
<!-- Elke vraag is een kopje ##. Direct eronder één van: **Kies er één.**, **Kies alles wat klopt.** of **Zet in de goede volgorde.** Elk antwoord heeft op de regel eronder, ingesprongen, de uitleg: waarom goed of fout, met een link naar de signalenlijst, route of partner. -->
## Welke signalen zie je?

**Kies alles wat klopt.**

- [x] Een antwoord dat goed is.
  Goed. Leg uit waarom dit een signaal is.
- [ ] Een antwoord dat fout is.
  Leg uit waarom dit op zich geen signaal is.

## Wat doe je eerst?

**Kies er één.**

- [ ] Een fout antwoord.
  Nee. Leg uit waarom niet.
- [x] Het goede antwoord.
  Goed. Leg uit waarom.

Tekst na de antwoorden verschijnt bij de uitleg, na Controleer.

## In welke volgorde?

**Zet in de goede volgorde.**

1. De eerste stap.
   Waarom dit eerst komt.
2. De tweede stap.
   Waarom dit daarna komt.
";

/// The text of a new page of `kind` with `title`.
pub fn template(kind: PageKind, title: &str) -> String {
    let body = match kind {
        PageKind::Pagina => PAGINA,
        PageKind::Hoofdstuk => HOOFDSTUK,
        PageKind::Signalenlijst => SIGNALENLIJST,
        PageKind::Route => ROUTE,
        PageKind::Casus => CASUS,
    };
    format!("{FRONT}{body}")
        .replace("LINKS\n", LINKS)
        .replace("TITEL", title)
}
