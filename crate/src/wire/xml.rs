//! A small XML reader for S3 replies (no panics on any input).
//!
//! Enough XML for what S3 sends: elements, text, the five predefined
//! entities, character references (`&#…;`, `&#x…;`) and CDATA sections.
//! Declarations, processing instructions, comments, `<!DOCTYPE …>` and
//! attributes (including `xmlns`) are skipped; element names are reported
//! without their namespace prefix. Text is returned as it is written (no
//! trimming, no line-end normalisation), borrowed from the input unless an
//! entity had to be decoded.
//!
//! Two layers: [`XmlReader`] yields events one by one, and
//! [`parse_document`] builds a small [`Element`] tree from them. Every
//! malformed input becomes an `InvalidResponse` error; nothing here indexes
//! or unwraps outside data.
use crate::prelude::*;

use alloc::borrow::Cow;

use crate::error::CognitoError;

/// Deepest element nesting accepted (S3 replies nest 3 levels).
pub const MAX_DEPTH: usize = 64;
/// Most elements accepted in one document (a 1000-key page has ~8000).
pub const MAX_ELEMENTS: usize = 500_000;

/// One step of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XmlEvent<'a> {
    /// An opening tag (`<Key>` or `<Key/>`), by local name.
    Start(&'a str),
    /// A closing tag (also sent after a self-closing tag), by local name.
    End(&'a str),
    /// Character data inside an element, entities decoded (one chunk: a
    /// text run or a CDATA section; adjacent chunks come as several events).
    Text(Cow<'a, str>),
}

/// Pull reader over an XML document held in memory.
#[derive(Debug)]
pub struct XmlReader<'a> {
    src: &'a str,
    pos: usize,
    /// Qualified names of the open elements.
    open: Vec<&'a str>,
    /// Local name of a self-closing element whose `End` is still owed.
    pending_end: Option<&'a str>,
    seen_root: bool,
    elements: usize,
}

fn xml_error(what: &str, at: usize) -> CognitoError {
    CognitoError::invalid_response(format!("malformed XML: {what} (at byte {at})"))
}

/// The name without its namespace prefix (`s3:Key` → `Key`).
fn local_name(name: &str) -> &str {
    crate::wire::text::after_last(name, b':')
}

fn is_name_byte(b: u8) -> bool {
    !matches!(
        b,
        b' ' | b'\t'
            | b'\r'
            | b'\n'
            | b'<'
            | b'>'
            | b'/'
            | b'='
            | b'&'
            | b'"'
            | b'\''
            | b'?'
            | b'!'
    )
}

impl<'a> XmlReader<'a> {
    /// A reader at the start of `src`.
    pub fn new(src: &'a str) -> Self {
        Self {
            src,
            pos: 0,
            open: Vec::new(),
            pending_end: None,
            seen_root: false,
            elements: 0,
        }
    }

    /// How deep the reader is: the number of open elements.
    pub fn depth(&self) -> usize {
        self.open.len()
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    /// Moves past the next `end` marker, or fails with `what`.
    fn skip_past(&mut self, end: &str, what: &str) -> Result<(), CognitoError> {
        match crate::wire::text::find(self.rest(), end) {
            Some(i) => {
                self.pos += i + end.len();
                Ok(())
            }
            None => Err(xml_error(what, self.pos)),
        }
    }

    /// Skips `<!DOCTYPE …>` or another `<!…>` declaration, brackets included.
    fn skip_declaration(&mut self) -> Result<(), CognitoError> {
        let mut depth = 0usize;
        for (i, b) in self.rest().bytes().enumerate() {
            match b {
                b'[' => depth += 1,
                b']' => depth = depth.saturating_sub(1),
                b'>' if depth == 0 => {
                    self.pos += i + 1;
                    return Ok(());
                }
                _ => {}
            }
        }
        Err(xml_error("unterminated declaration", self.pos))
    }

    /// The next event, or `None` at the end of a complete document.
    pub fn next_event(&mut self) -> Result<Option<XmlEvent<'a>>, CognitoError> {
        if let Some(name) = self.pending_end.take() {
            self.open.pop();
            return Ok(Some(XmlEvent::End(name)));
        }
        loop {
            let rest = self.rest();
            if rest.is_empty() {
                if !self.open.is_empty() {
                    return Err(xml_error("document ends inside an element", self.pos));
                }
                if !self.seen_root {
                    return Err(xml_error("no root element", self.pos));
                }
                return Ok(None);
            }
            if !rest.starts_with('<') {
                let len = rest.find('<').unwrap_or(rest.len());
                let raw = rest.get(..len).unwrap_or("");
                let at = self.pos;
                self.pos += len;
                if self.open.is_empty() {
                    if raw.trim().is_empty() {
                        continue;
                    }
                    return Err(xml_error("text outside the root element", at));
                }
                return decode_entities(raw)
                    .map(|t| Some(XmlEvent::Text(t)))
                    .map_err(|what| xml_error(what, at));
            }
            if rest.starts_with("<?") {
                self.skip_past("?>", "unterminated processing instruction")?;
                continue;
            }
            if rest.starts_with("<!--") {
                self.pos += 4;
                self.skip_past("-->", "unterminated comment")?;
                continue;
            }
            if let Some(after) = rest.strip_prefix("<![CDATA[") {
                if self.open.is_empty() {
                    return Err(xml_error("CDATA outside the root element", self.pos));
                }
                let Some(end) = crate::wire::text::find(after, "]]>") else {
                    return Err(xml_error("unterminated CDATA section", self.pos));
                };
                let text = after.get(..end).unwrap_or("");
                self.pos += "<![CDATA[".len() + end + 3;
                return Ok(Some(XmlEvent::Text(Cow::Borrowed(text))));
            }
            if rest.starts_with("<!") {
                self.skip_declaration()?;
                continue;
            }
            if let Some(after) = rest.strip_prefix("</") {
                return self.end_tag(after).map(Some);
            }
            return self.start_tag(rest.get(1..).unwrap_or("")).map(Some);
        }
    }

    fn end_tag(&mut self, after: &'a str) -> Result<XmlEvent<'a>, CognitoError> {
        let at = self.pos;
        let Some(close) = after.find('>') else {
            return Err(xml_error("unterminated closing tag", at));
        };
        let name = after.get(..close).unwrap_or("").trim_end();
        if self.open.last() != Some(&name) {
            return Err(xml_error("closing tag does not match the open element", at));
        }
        self.open.pop();
        self.pos += 2 + close + 1;
        Ok(XmlEvent::End(local_name(name)))
    }

    fn start_tag(&mut self, after: &'a str) -> Result<XmlEvent<'a>, CognitoError> {
        let at = self.pos;
        let name_len = after.bytes().take_while(|&b| is_name_byte(b)).count();
        let name = after.get(..name_len).unwrap_or("");
        if name.is_empty() {
            return Err(xml_error("tag without a name", at));
        }
        // Skip attributes, respecting quotes, up to the closing '>'.
        let mut quote: Option<u8> = None;
        let mut close = None;
        let bytes = after.as_bytes();
        for (i, &b) in bytes.iter().enumerate().skip(name_len) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'<' => return Err(xml_error("'<' inside a tag", at)),
                None if b == b'>' => {
                    close = Some(i);
                    break;
                }
                None => {}
            }
        }
        let Some(close) = close else {
            return Err(xml_error("unterminated tag", at));
        };
        let self_closing = close > name_len && bytes.get(close - 1) == Some(&b'/');
        if self.open.is_empty() && self.seen_root {
            return Err(xml_error("second root element", at));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(xml_error("elements nested too deeply", at));
        }
        self.elements += 1;
        if self.elements > MAX_ELEMENTS {
            return Err(xml_error("too many elements", at));
        }
        self.seen_root = true;
        self.open.push(name);
        self.pos += 1 + close + 1;
        let local = local_name(name);
        if self_closing {
            self.pending_end = Some(local);
        }
        Ok(XmlEvent::Start(local))
    }
}

/// Decodes the predefined entities and character references of a text run.
fn decode_entities(raw: &str) -> Result<Cow<'_, str>, &'static str> {
    if !raw.contains('&') {
        return Ok(Cow::Borrowed(raw));
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        let (before, from_amp) = rest.split_at_checked(amp).unwrap_or((rest, ""));
        out.push_str(before);
        let entity = from_amp.get(1..).unwrap_or("");
        let Some(semi) = entity.find(';').filter(|&s| s <= 12) else {
            return Err("'&' without an entity");
        };
        let name = entity.get(..semi).unwrap_or("");
        out.push(decode_entity(name).ok_or("unknown or invalid entity")?);
        rest = entity.get(semi + 1..).unwrap_or("");
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

fn decode_entity(name: &str) -> Option<char> {
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let digits = name.strip_prefix('#')?;
            let (digits, radix) = match digits.strip_prefix('x') {
                Some(hex) => (hex, 16),
                None => (digits, 10),
            };
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            let code = u32::from_str_radix(digits, radix).ok()?;
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}

/// One element of a parsed document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Element<'a> {
    /// Local name (namespace prefix removed).
    pub name: &'a str,
    /// The element's own character data, chunks joined (for a leaf: its value).
    text: Cow<'a, str>,
    /// Child elements in document order.
    pub children: Vec<Element<'a>>,
}

impl<'a> Element<'a> {
    fn new(name: &'a str) -> Self {
        Self {
            name,
            text: Cow::Borrowed(""),
            children: Vec::new(),
        }
    }

    /// The element's own text, untrimmed (whitespace between children included).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The first child with this local name.
    pub fn child(&self, name: &str) -> Option<&Element<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// All children with this local name, in order.
    pub fn children_named<'s>(
        &'s self,
        name: &'s str,
    ) -> impl Iterator<Item = &'s Element<'a>> + 's {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The text of the first child with this local name.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name).map(Element::text)
    }

    /// The first element with this local name: this one or any descendant
    /// (depth first).
    pub fn find(&self, name: &str) -> Option<&Element<'a>> {
        if self.name == name {
            return Some(self);
        }
        let mut stack: Vec<&Element<'a>> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            if e.name == name {
                return Some(e);
            }
            stack.extend(e.children.iter().rev());
        }
        None
    }
}

/// Parses a whole document into its root element (no recursion, so deep
/// input cannot overflow the stack).
pub fn parse_document(src: &str) -> Result<Element<'_>, CognitoError> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let mut reader = XmlReader::new(src);
    let mut stack: Vec<Element<'_>> = Vec::new();
    let mut root = None;
    while let Some(event) = reader.next_event()? {
        match event {
            XmlEvent::Start(name) => stack.push(Element::new(name)),
            XmlEvent::Text(text) => {
                if let Some(top) = stack.last_mut() {
                    if top.text.is_empty() {
                        top.text = text;
                    } else {
                        top.text.to_mut().push_str(&text);
                    }
                }
            }
            XmlEvent::End(_) => {
                let Some(done) = stack.pop() else {
                    return Err(xml_error("unbalanced closing tag", 0));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => root = Some(done),
                }
            }
        }
    }
    root.ok_or_else(|| xml_error("no root element", 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorKind;
    use proptest::prelude::*;

    fn events(src: &str) -> Result<Vec<XmlEvent<'_>>, CognitoError> {
        let mut r = XmlReader::new(src);
        let mut out = Vec::new();
        while let Some(e) = r.next_event()? {
            out.push(e);
        }
        Ok(out)
    }

    #[test]
    fn reads_elements_text_and_skips_the_rest() {
        let src = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c <x> -->\
                   <!DOCTYPE r [<!ENTITY e \"x\">]>\
                   <r xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\" a='1>2'><s3:K>v</s3:K><E/></r>\n";
        let ev = events(src).unwrap();
        assert_eq!(
            ev,
            vec![
                XmlEvent::Start("r"),
                XmlEvent::Start("K"),
                XmlEvent::Text(Cow::Borrowed("v")),
                XmlEvent::End("K"),
                XmlEvent::Start("E"),
                XmlEvent::End("E"),
                XmlEvent::End("r"),
            ]
        );
    }

    #[test]
    fn decodes_entities_and_cdata() {
        let doc =
            parse_document("<r><k>a&amp;b&lt;c&gt;&quot;&apos;&#x41;&#66;&#x1F600;</k><c><![CDATA[<&amp;>]]>!</c></r>")
                .unwrap();
        assert_eq!(doc.child_text("k"), Some("a&b<c>\"'AB😀"));
        assert_eq!(doc.child_text("c"), Some("<&amp;>!"));
    }

    #[test]
    fn keeps_text_untrimmed_and_borrowed() {
        let doc = parse_document("<r><k>  spaced key  </k></r>").unwrap();
        let k = doc.child("k").unwrap();
        assert_eq!(k.text(), "  spaced key  ");
        assert!(matches!(k.text, Cow::Borrowed(_)));
    }

    #[test]
    fn refuses_malformed_documents() {
        for bad in [
            "",
            "   ",
            "<r>",
            "<r></s>",
            "<r><a></r></a>",
            "<r>a & b</r>",
            "<r>&bogus;</r>",
            "<r>&#0;</r>",
            "<r>&#xD800;</r>",
            "<r>&#x+41;</r>",
            "<r>&#;</r>",
            "<r><![CDATA[x</r>",
            "<r><!-- x</r>",
            "<r/><s/>",
            "text<r/>",
            "<r/>text",
            "<r a=\"1></r>",
            "<>",
            "</r>",
            "<r><?pi</r>",
        ] {
            assert!(parse_document(bad).is_err(), "accepted {bad:?}");
        }
        let err = parse_document("<r><a></r>").unwrap_err();
        assert_eq!(err.kind, ErrorKind::InvalidResponse);
    }

    #[test]
    fn bounds_nesting_depth() {
        let deep = "<a>".repeat(MAX_DEPTH + 1) + &"</a>".repeat(MAX_DEPTH + 1);
        assert!(parse_document(&deep).is_err());
        let ok = "<a>".repeat(MAX_DEPTH) + &"</a>".repeat(MAX_DEPTH);
        assert!(parse_document(&ok).is_ok());
    }

    #[test]
    fn finds_nested_elements() {
        let doc = parse_document(
            "<ErrorResponse><Error><Code>X</Code></Error><RequestId>1</RequestId></ErrorResponse>",
        )
        .unwrap();
        assert_eq!(
            doc.find("Error").and_then(|e| e.child_text("Code")),
            Some("X")
        );
        assert_eq!(doc.find("RequestId").map(Element::text), Some("1"));
        assert!(doc.find("Nope").is_none());
        assert_eq!(doc.children_named("Error").count(), 1);
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(s in "\\PC*") {
            let _ = parse_document(&s);
        }

        #[test]
        fn never_panics_on_xml_like_text(s in "[<>/!?\\[\\]&;#x0-9a-zA-Z:=\"' -]{0,80}") {
            let _ = parse_document(&s);
            let _ = events(&s);
        }

        #[test]
        fn escaped_text_round_trips(s in "\\PC*") {
            let escaped = s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            let doc = format!("<r><k>{escaped}</k></r>");
            let parsed = parse_document(&doc).unwrap();
            prop_assert_eq!(parsed.child_text("k").unwrap_or(""), s.as_str());
        }
    }
}
