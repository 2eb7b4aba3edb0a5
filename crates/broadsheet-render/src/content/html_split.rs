//! WordPress's `wp_html_split`: text cut into runs of text and "elements" (tags, comments,
//! CDATA sections), as `get_html_split_regex` finds them, in one linear pass.

/// The pieces of `text`, in order: `(true, element)` or `(false, text)`. Concatenated they
/// give `text` back.
///
/// An element starts at `<`: a comment (`<!--`) runs to the first `-->` after `<!` (or to the
/// end), a CDATA section (`<![CDATA[`) to the first `]]>` (or to the end), anything else to
/// the next `>` included (or to the end).
pub(crate) fn split_html(text: &str) -> Vec<(bool, &str)> {
    let mut pieces = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find('<') {
        let start = at + offset;
        if start > at {
            pieces.push((false, &text[at..start]));
        }
        let rest = &text[start..];
        let end = if rest.starts_with("<!--") {
            // `<!` then the loop of dashes: the first `-->` at or after the `!`'s next byte.
            text[start + 2..]
                .find("-->")
                .map_or(text.len(), |p| start + 2 + p + 3)
        } else if rest.starts_with("<![CDATA[") {
            text[start + 9..]
                .find("]]>")
                .map_or(text.len(), |p| start + 9 + p + 3)
        } else {
            text[start + 1..]
                .find('>')
                .map_or(text.len(), |p| start + 1 + p + 1)
        };
        pieces.push((true, &text[start..end]));
        at = end;
    }
    if at < text.len() {
        pieces.push((false, &text[at..]));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_comments_and_cdata_are_told_from_text() {
        let pieces = split_html("a<b>c<!-- x > y -->d<![CDATA[ > ]]>e<f");
        assert_eq!(
            pieces,
            vec![
                (false, "a"),
                (true, "<b>"),
                (false, "c"),
                (true, "<!-- x > y -->"),
                (false, "d"),
                (true, "<![CDATA[ > ]]>"),
                (false, "e"),
                (true, "<f"),
            ]
        );
        assert_eq!(split_html("<!-->x"), vec![(true, "<!-->"), (false, "x")]);
    }
}
