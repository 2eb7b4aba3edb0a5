//! The module layout has no import cycles.
//!
//! For every crate of the workspace, this test reads the `src/` files, finds every path that
//! names another module (`crate::a::b`, `super::x`, grouped `use crate::{a, b}`, and items the
//! crate root re-exports), and builds, for each module that has children, the graph of
//! dependencies between those children. A cycle in any of these graphs fails the test, naming
//! it (`thread -> archive -> thread`). Comments and string literals are skipped; inline modules
//! (`mod tests { use super::*; }`) are followed so that `super` resolves where it points.
//!
//! Crate-level cycles cannot happen (Cargo refuses them); `cargo tree --workspace` shows that
//! graph.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The source roots of the workspace's crates (library and binary roots).
const CRATES: &[&str] = &[
    "src",
    "crates/broadsheet-core/src",
    "crates/broadsheet-formats/src",
    "crates/broadsheet-cli/src",
];

/// Edges left out of the check, each with the reason, as (crate root, from, to). Keep this
/// empty: an entry is a cycle we know of and mean to remove.
const KNOWN: &[(&str, &str, &str)] = &[];

/// A module path from the crate root, `["archive", "edit"]`.
type ModPath = Vec<String>;

/// Tokens of Rust source with comments and literals removed: identifiers, `::` and single
/// punctuation characters.
fn tokens(source: &str) -> Vec<String> {
    let chars: Vec<char> = source.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r' && (next == Some('#') || next == Some('"')) && is_raw_string(&chars, i) {
            // r"..." or r#"..."#
            let mut j = i + 1;
            let mut hashes = 0;
            while chars[j] == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (0..hashes).all(|k| chars.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
        } else if c == '\'' {
            // A char literal ('x', '\n', '\u{..}') or a lifetime ('a).
            if next == Some('\\') {
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
            } else if chars.get(i + 2) == Some(&'\'') {
                i += 3;
            } else {
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            if chars.get(i) == Some(&'"') || chars.get(i) == Some(&'#') {
                // b"..", br#".."#, c"..": the prefix is not an identifier worth keeping.
                let word: String = chars[start..i].iter().collect();
                if matches!(word.as_str(), "b" | "br" | "c" | "cr") {
                    if word.ends_with('r') {
                        i -= 1;
                        // let the raw-string branch see `r`
                        continue;
                    }
                    continue;
                }
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && next == Some(':') {
            out.push("::".into());
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

fn is_raw_string(chars: &[char], i: usize) -> bool {
    if i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_') && chars[i - 1] != 'b' {
        return false;
    }
    let mut j = i + 1;
    while chars.get(j) == Some(&'#') {
        j += 1;
    }
    chars.get(j) == Some(&'"')
}

/// Every path a file names, resolved to a module path from the crate root (the last segment
/// may be an item rather than a module).
fn references(file_module: &ModPath, source: &str) -> Vec<(ModPath, ModPath)> {
    let tokens = tokens(source);
    let mut out = Vec::new();
    // The module each `{` opens (Some for `mod name {`), to resolve `super` in inline modules.
    let mut scopes: Vec<Option<String>> = Vec::new();
    let mut pending_mod: Option<String> = None;
    let current = |scopes: &Vec<Option<String>>| -> ModPath {
        let mut path = file_module.clone();
        path.extend(scopes.iter().flatten().cloned());
        path
    };
    let mut i = 0;
    while i < tokens.len() {
        let token = tokens[i].as_str();
        match token {
            "mod" if i + 2 < tokens.len() && tokens[i + 2] == "{" => {
                pending_mod = Some(tokens[i + 1].clone());
            }
            "{" => scopes.push(pending_mod.take()),
            "}" => {
                scopes.pop();
            }
            ";" => pending_mod = None,
            "crate" | "super" if tokens.get(i + 1).map(String::as_str) == Some("::") => {
                let preceded_by_path = i > 0 && tokens[i - 1] == "::";
                if preceded_by_path && token == "crate" {
                    i += 1;
                    continue;
                }
                let here = current(&scopes);
                let mut base: ModPath = if token == "crate" {
                    Vec::new()
                } else {
                    here[..here.len().saturating_sub(1)].to_vec()
                };
                let mut j = i + 2;
                while tokens.get(j).map(String::as_str) == Some("super")
                    && tokens.get(j + 1).map(String::as_str) == Some("::")
                {
                    base.pop();
                    j += 2;
                }
                for path in paths_from(&tokens, j, &base) {
                    out.push((here.clone(), path));
                }
                i = j;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// The paths starting at token `j` under `base`: `a::b::C` or a group `{a::B, c}`.
fn paths_from(tokens: &[String], mut j: usize, base: &ModPath) -> Vec<ModPath> {
    let mut path = base.clone();
    while let Some(token) = tokens.get(j) {
        if token == "{" {
            let mut out = Vec::new();
            let mut depth = 0;
            let mut start = true;
            let mut k = j + 1;
            while let Some(t) = tokens.get(k) {
                match t.as_str() {
                    "{" => depth += 1,
                    "}" if depth == 0 => break,
                    "}" => depth -= 1,
                    "," if depth == 0 => start = true,
                    _ if start && depth == 0 => {
                        out.extend(paths_from(tokens, k, &path));
                        start = false;
                    }
                    _ => {}
                }
                k += 1;
            }
            return out;
        }
        if !(token.chars().all(|c| c.is_alphanumeric() || c == '_')) || token == "self" {
            break;
        }
        path.push(token.clone());
        if tokens.get(j + 1).map(String::as_str) != Some("::") {
            break;
        }
        j += 2;
    }
    vec![path]
}

/// One crate's modules and the dependencies between siblings.
struct CrateLayout {
    /// Every module path that exists as a file or folder.
    modules: BTreeSet<ModPath>,
    /// Items re-exported by a module (`pub use a::b::C`): (module, item) -> full path.
    reexports: BTreeMap<(ModPath, String), ModPath>,
    /// (from module, referenced path) for every reference.
    references: Vec<(ModPath, ModPath)>,
}

fn module_of(root: &Path, file: &Path) -> ModPath {
    let relative = file.strip_prefix(root).unwrap();
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn layout(root: &Path) -> CrateLayout {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    files.sort();
    let mut modules = BTreeSet::new();
    let mut reexports = BTreeMap::new();
    let mut all_references = Vec::new();
    for file in &files {
        let module = module_of(root, file);
        let source = fs::read_to_string(file).unwrap();
        // Modules declared in this file, as files or inline.
        let tokens = tokens(&source);
        for (i, token) in tokens.iter().enumerate() {
            if token == "mod"
                && let Some(name) = tokens.get(i + 1)
            {
                let mut path = module.clone();
                path.push(name.clone());
                modules.insert(path);
            }
            // `pub use a::b::{C, D}` relative to this module: record re-exports.
            if token == "use" && i > 0 && tokens[i - 1] == "pub" {
                let (base, start) = match tokens.get(i + 1).map(String::as_str) {
                    Some("crate") => (Vec::new(), i + 3),
                    Some("super") => (module[..module.len().saturating_sub(1)].to_vec(), i + 3),
                    Some("self") => (module.clone(), i + 3),
                    _ => (module.clone(), i + 1),
                };
                for path in paths_from(&tokens, start, &base) {
                    if let Some(item) = path.last() {
                        reexports.insert((module.clone(), item.clone()), path.clone());
                    }
                }
            }
        }
        all_references.extend(references(&module, &source));
    }
    CrateLayout {
        modules,
        reexports,
        references: all_references,
    }
}

impl CrateLayout {
    /// Follows re-exports until the path names a module, or an item of a module.
    fn resolve(&self, path: &ModPath) -> ModPath {
        let mut path = path.clone();
        for _ in 0..8 {
            let Some((last, parent)) = path.split_last() else {
                break;
            };
            if self.modules.contains(&path) {
                break;
            }
            match self.reexports.get(&(parent.to_vec(), last.clone())) {
                Some(target) if target != &path => path = target.clone(),
                _ => break,
            }
        }
        path
    }

    /// Edges between sibling modules, per parent: parent -> (from child -> to children).
    fn graphs(&self) -> BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> {
        let mut graphs: BTreeMap<ModPath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
        for (from, to) in &self.references {
            let to = self.resolve(to);
            let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
            if common >= from.len() || common >= to.len() {
                continue;
            }
            let parent = from[..common].to_vec();
            let mut target = parent.clone();
            target.push(to[common].clone());
            if !self.modules.contains(&target) {
                continue;
            }
            graphs
                .entry(parent)
                .or_default()
                .entry(from[common].clone())
                .or_default()
                .insert(to[common].clone());
        }
        graphs
    }
}

/// A cycle in `graph`, as the list of its nodes (first repeated at the end), if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let start = stack.iter().position(|n| n == next).unwrap();
                    let mut cycle = stack[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(cycle) = visit(next, graph, state, stack) {
                        return Some(cycle);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            let mut stack = Vec::new();
            if let Some(cycle) = visit(node, graph, &mut state, &mut stack) {
                return Some(cycle);
            }
        }
    }
    None
}

fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_module_imports_itself_through_another() {
    let mut cycles = Vec::new();
    for krate in CRATES {
        let root = workspace_root().join(krate);
        let layout = layout(&root);
        for (parent, mut graph) in layout.graphs() {
            if parent.is_empty() {
                for (root, from, to) in KNOWN.iter().filter(|(root, ..)| root == krate) {
                    let removed = graph
                        .get_mut(*from)
                        .is_some_and(|to_set| to_set.remove(*to));
                    assert!(
                        removed,
                        "{root}: {from} -> {to} is no longer a dependency: remove it from KNOWN"
                    );
                }
            }
            // Report every cycle: break each one found at its last edge and look again.
            while let Some(cycle) = find_cycle(&graph) {
                let (from, to) = (&cycle[cycle.len() - 2], &cycle[cycle.len() - 1]);
                graph.get_mut(from).unwrap().remove(to);
                let scope = if parent.is_empty() {
                    "crate root".to_owned()
                } else {
                    parent.join("::")
                };
                cycles.push(format!("{krate} ({scope}): {}", cycle.join(" -> ")));
            }
        }
    }
    assert!(
        cycles.is_empty(),
        "import cycles between modules:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_checker_finds_a_cycle() {
    let source_a = "use crate::b::Thing;\nmod tests { use super::*; }";
    let source_b = "pub fn f() { crate::a::g(); let _ = \"crate::c::x\"; } // crate::c";
    let mut layout = CrateLayout {
        modules: [vec!["a".into()], vec!["b".into()], vec!["c".into()]]
            .into_iter()
            .collect(),
        reexports: BTreeMap::new(),
        references: Vec::new(),
    };
    layout
        .references
        .extend(references(&vec!["a".into()], source_a));
    layout
        .references
        .extend(references(&vec!["b".into()], source_b));
    let graphs = layout.graphs();
    let root = &graphs[&Vec::new()];
    assert_eq!(root.len(), 2, "{root:?}");
    assert_eq!(
        find_cycle(root),
        Some(vec!["a".to_owned(), "b".to_owned(), "a".to_owned()])
    );
    // Grouped uses, `super::super` and re-exports resolve.
    let refs = references(
        &vec!["x".into(), "y".into()],
        "use crate::{a::B, c}; use super::super::b::C;",
    );
    let targets: Vec<ModPath> = refs.into_iter().map(|(_, to)| to).collect();
    assert_eq!(
        targets,
        vec![
            vec!["a".to_owned(), "B".to_owned()],
            vec!["c".to_owned()],
            vec!["b".to_owned(), "C".to_owned()],
        ]
    );
}
