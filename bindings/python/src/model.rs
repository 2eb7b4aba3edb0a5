//! The owner's full model classes: `Post`, `Author`, `Term`, `Comment`, `Media`.
//!
//! Each wraps the Rust type. Keyword constructors convert their arguments to the type's serde
//! form and deserialise it, so the Rust type's own parsing (slugs, e-mails, URLs, timestamps,
//! unknown fields) is the one validation; `__eq__`, `__repr__` and pickling go through the same
//! form. These classes hold private data (e-mails, IPs, passwords): they are what `archive.posts()`
//! and friends give the owner, never what a viewer's query returns.

use crate::convert::{from_json, timestamp, to_json};
use crate::errors::BroadsheetError;
use broadsheet::{Author, Comment, Media, Post, Term};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Deserialises `T` from keyword arguments over `defaults`, naming the class and the field in
/// errors.
fn build<T: DeserializeOwned>(
    class: &str,
    required: &[&str],
    defaults: &[(&str, &str)],
    base: Option<Value>,
    fields: Option<&Bound<'_, PyDict>>,
) -> PyResult<T> {
    let mut object = match base {
        Some(Value::Object(map)) => map,
        _ => {
            let mut map = serde_json::Map::new();
            for (key, json) in defaults {
                map.insert(
                    (*key).to_owned(),
                    serde_json::from_str(json).unwrap_or(Value::Null),
                );
            }
            map
        }
    };
    if let Some(fields) = fields {
        for (key, value) in fields.iter() {
            let key: String = key.extract()?;
            let value = to_json(&value, &format!("{class}.{key}"))?;
            // None means "absent" for optional fields.
            if value.is_null() {
                object.remove(&key);
            } else {
                object.insert(key, value);
            }
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|key| !object.contains_key(*key))
        .collect();
    if !missing.is_empty() {
        return Err(BroadsheetError::new_err(format!(
            "{class}(): missing required argument(s): {}",
            missing.join(", ")
        )));
    }
    from_value(class, Value::Object(object))
}

/// Deserialises `T`, naming the field that failed.
fn from_value<T: DeserializeOwned>(class: &str, value: Value) -> PyResult<T> {
    let mut unknown = Vec::new();
    let mut note = |path: serde_ignored::Path<'_>| unknown.push(path.to_string());
    let result: Result<T, _> =
        serde_path_to_error::deserialize(serde_ignored::Deserializer::new(value, &mut note));
    let item = result.map_err(|error| {
        let path = error.path().to_string();
        BroadsheetError::new_err(format!("{class}.{path}: {}", error.into_inner()))
    })?;
    if !unknown.is_empty() {
        return Err(BroadsheetError::new_err(format!(
            "{class}(): unknown field(s): {}",
            unknown.join(", ")
        )));
    }
    Ok(item)
}

/// A field's value in Python (through its serde form).
fn field<'py, T: Serialize>(py: Python<'py>, value: &T) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_value(value)
        .map_err(|e| crate::errors::InternalError::new_err(e.to_string()))?;
    from_json(py, &json)
}

/// The serde form as JSON text.
fn json_text<T: Serialize>(value: &T) -> PyResult<String> {
    serde_json::to_string(value).map_err(|e| crate::errors::InternalError::new_err(e.to_string()))
}

macro_rules! model_class {
    (
        $(#[$doc:meta])*
        $py:ident($rust:ty, $name:literal),
        required: [$($req:literal),*],
        defaults: [$(($dk:literal, $dv:literal)),*],
        fields: [$($field:ident),*],
        times: [$($time:ident),*],
        repr: [$($shown:ident),*]
    ) => {
        $(#[$doc])*
        #[pyclass(module = "broadsheet", name = $name, frozen)]
        #[derive(Clone)]
        pub struct $py {
            /// The Rust value.
            pub inner: $rust,
        }

        impl $py {
            const REQUIRED: &'static [&'static str] = &[$($req),*];
            const DEFAULTS: &'static [(&'static str, &'static str)] = &[$(($dk, $dv)),*];
        }

        #[pymethods]
        impl $py {
            #[new]
            #[pyo3(signature = (**fields), text_signature = "(**fields)")]
            fn new(fields: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                let inner = build($name, Self::REQUIRED, Self::DEFAULTS, None, fields)?;
                Ok(Self { inner })
            }

            /// A copy with some fields changed (validated like the constructor).
            #[pyo3(signature = (**changes))]
            fn replace(&self, changes: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
                let base = serde_json::to_value(&self.inner)
                    .map_err(|e| crate::errors::InternalError::new_err(e.to_string()))?;
                let inner = build($name, Self::REQUIRED, Self::DEFAULTS, Some(base), changes)?;
                Ok(Self { inner })
            }

            $(
                #[getter]
                fn $field<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    field(py, &self.inner.$field)
                }
            )*

            $(
                #[getter]
                fn $time<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                    timestamp(py, self.inner.$time)
                }
            )*

            /// The native serde form (Broadsheet JSON) as a dict.
            fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                field(py, &self.inner)
            }

            /// The native serde form (Broadsheet JSON) as text.
            fn to_json(&self) -> PyResult<String> {
                json_text(&self.inner)
            }

            /// Parses the native serde form (what `to_json` gives).
            #[staticmethod]
            fn from_json(text: &str) -> PyResult<Self> {
                let value: Value = serde_json::from_str(text).map_err(|e| {
                    BroadsheetError::new_err(format!("{}.from_json: {e}", $name))
                })?;
                Ok(Self { inner: from_value($name, value)? })
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let mut parts = Vec::new();
                $(
                    let value = field(py, &self.inner.$shown)?;
                    parts.push(format!("{}={}", stringify!($shown), value.repr()?));
                )*
                Ok(format!("{}({})", $name, parts.join(", ")))
            }

            fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
                match other.cast::<$py>() {
                    Ok(other) => self.inner == other.get().inner,
                    Err(_) => false,
                }
            }

            fn __hash__(&self) -> PyResult<isize> {
                Err(pyo3::exceptions::PyTypeError::new_err(format!("unhashable type: '{}'", $name)))
            }

            fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
                let py = slf.py();
                let constructor = slf.get_type().getattr("from_json")?;
                let args = PyTuple::new(py, [json_text(&slf.get().inner)?])?;
                PyTuple::new(py, [constructor, args.into_any()])
            }
        }
    };
}

model_class!(
    /// A post, page, attachment or item of another kind: the owner's full record.
    PyPost(Post, "Post"),
    required: ["id", "title"],
    defaults: [("kind", "\"post\""), ("status", "\"published\"")],
    fields: [id, source_id, kind, status, title, slug, content, excerpt, authors, terms, sticky,
             password, parent, menu_order, format, featured_media, comments_open, pings_open,
             guid, meta],
    times: [published, modified],
    repr: [id, kind, status, slug, title]
);

model_class!(
    /// An author (a guest author has `guest=True` and usually no login).
    PyAuthor(Author, "Author"),
    required: ["id", "slug", "display_name"],
    defaults: [],
    fields: [id, source_id, login, slug, display_name, first_name, last_name, email, url, bio,
             avatar, guest, meta],
    times: [],
    repr: [id, slug, display_name]
);

model_class!(
    /// A term of a taxonomy (`post_tag`, `category` or any other name).
    PyTerm(Term, "Term"),
    required: ["id", "taxonomy", "name", "slug"],
    defaults: [],
    fields: [id, source_id, taxonomy, name, slug, description, parent, meta],
    times: [],
    repr: [id, taxonomy, slug, name]
);

model_class!(
    /// A comment, pingback or trackback on a post.
    PyComment(Comment, "Comment"),
    required: ["id", "post"],
    defaults: [("status", "\"approved\"")],
    fields: [id, source_id, post, parent, author_name, author_email, author_url, author_ip,
             user, content, status, kind, meta],
    times: [date],
    repr: [id, post, status, author_name]
);

model_class!(
    /// A media item (an image or other file the site links to).
    PyMedia(Media, "Media"),
    required: ["id", "url"],
    defaults: [],
    fields: [id, source_id, url, title, alt_text, caption, mime_type, width, height, attached_to,
             meta],
    times: [],
    repr: [id, url]
);
