// PLACEHOLDER: replaced by the text-search branch at merge
//! Text search (placeholder): case folding, parsing of search texts and a naive score.

/// A parsed search text: words that must all appear, `-words` that must not, `"phrases"`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchQuery {
    required: Vec<String>,
    excluded: Vec<String>,
}

impl SearchQuery {
    /// Parses a search text.
    pub fn parse(text: &str) -> SearchQuery {
        let mut query = SearchQuery::default();
        let mut rest = text;
        while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
            rest = &rest[start..];
            let (negated, body) = match rest.strip_prefix('-') {
                Some(body) => (true, body),
                None => (false, rest),
            };
            let (word, remainder) = if let Some(quoted) = body.strip_prefix('"') {
                match quoted.find('"') {
                    Some(end) => (&quoted[..end], &quoted[end + 1..]),
                    None => (quoted, ""),
                }
            } else {
                let end = body.find(char::is_whitespace).unwrap_or(body.len());
                (&body[..end], &body[end..])
            };
            let folded = fold(word.trim());
            if !folded.is_empty() {
                if negated {
                    query.excluded.push(folded);
                } else {
                    query.required.push(folded);
                }
            }
            rest = remainder;
        }
        query
    }

    /// Whether the text asked for nothing.
    pub fn is_empty(&self) -> bool {
        self.required.is_empty() && self.excluded.is_empty()
    }

    /// `None` when the texts do not match; otherwise a relevance (higher is more relevant).
    pub fn score(&self, title: &str, excerpt: &str, content: &str) -> Option<u32> {
        let title = fold(title);
        let excerpt = fold(excerpt);
        let content = fold(content);
        let found =
            |word: &str| title.contains(word) || excerpt.contains(word) || content.contains(word);
        if self.excluded.iter().any(|word| found(word)) {
            return None;
        }
        let mut score = 0u32;
        for word in &self.required {
            if !found(word) {
                return None;
            }
            let in_title = if title.contains(word.as_str()) { 10 } else { 0 };
            let in_excerpt = if excerpt.contains(word.as_str()) {
                3
            } else {
                0
            };
            let in_content =
                u32::try_from(content.matches(word.as_str()).count()).unwrap_or(u32::MAX);
            score = score
                .saturating_add(in_title)
                .saturating_add(in_excerpt)
                .saturating_add(in_content);
        }
        Some(score)
    }
}

/// Case (and, in the real version, accent) folding.
pub fn fold(text: &str) -> String {
    text.to_lowercase()
}
