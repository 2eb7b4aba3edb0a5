//! Conversions between Python values and the engine's serde forms.
//!
//! The owner's model classes are built from keyword arguments by converting them to JSON values
//! and deserialising the Rust type, so that the Rust type's own parsing (slugs, e-mails, URLs,
//! timestamps) is the one validation. Results go the other way.

use broadsheet::Timestamp;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDateTime, PyDict, PyFloat, PyInt, PyList, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// A Python value as JSON: `None`, bools, ints, floats, strings, lists, tuples, dicts with
/// string keys, and timezone-aware datetimes (as RFC 3339 text). `what` names the argument in
/// errors.
pub fn to_json(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Value> {
    if value.is_none() {
        return Ok(Value::Null);
    }
    if value.is_instance_of::<PyBool>() {
        return Ok(Value::Bool(value.extract()?));
    }
    if value.is_instance_of::<PyInt>() {
        if let Ok(v) = value.extract::<u64>() {
            return Ok(Value::Number(v.into()));
        }
        return Ok(Value::Number(value.extract::<i64>()?.into()));
    }
    if value.is_instance_of::<PyFloat>() {
        let v: f64 = value.extract()?;
        return Number::from_f64(v).map(Value::Number).ok_or_else(|| {
            crate::errors::BroadsheetError::new_err(format!("{what}: {v} is not a finite number"))
        });
    }
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(Value::String(text.to_str()?.to_owned()));
    }
    if value.is_instance_of::<PyDateTime>() {
        if value.getattr("tzinfo")?.is_none() {
            return Err(crate::errors::BroadsheetError::new_err(format!(
                "{what}: a naive datetime has no offset; give a timezone-aware datetime (datetime(..., tzinfo=...))"
            )));
        }
        let text: String = value.call_method0("isoformat")?.extract()?;
        return Ok(Value::String(text));
    }
    if let Ok(dict) = value.cast::<PyDict>() {
        let mut map = Map::new();
        for (key, item) in dict.iter() {
            let key: String = key.extract().map_err(|_| {
                PyTypeError::new_err(format!("{what}: dictionary keys must be strings"))
            })?;
            let item = to_json(&item, &format!("{what}[{key:?}]"))?;
            map.insert(key, item);
        }
        return Ok(Value::Object(map));
    }
    if value.is_instance_of::<PyList>() || value.is_instance_of::<PyTuple>() {
        let mut items = Vec::new();
        for (i, item) in value.try_iter()?.enumerate() {
            items.push(to_json(&item?, &format!("{what}[{i}]"))?);
        }
        return Ok(Value::Array(items));
    }
    Err(PyTypeError::new_err(format!(
        "{what}: cannot use a value of type {} here",
        value.get_type().name()?
    )))
}

/// A JSON value as a Python value (objects as dicts, arrays as lists).
pub fn from_json<'py>(py: Python<'py>, value: &Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match value {
        Value::Null => py.None().into_bound(py),
        Value::Bool(b) => PyBool::new(py, *b).to_owned().into_any(),
        Value::Number(n) => {
            if let Some(v) = n.as_u64() {
                v.into_pyobject(py)?.into_any()
            } else if let Some(v) = n.as_i64() {
                v.into_pyobject(py)?.into_any()
            } else {
                n.as_f64().unwrap_or(f64::NAN).into_pyobject(py)?.into_any()
            }
        }
        Value::String(s) => PyString::new(py, s).into_any(),
        Value::Array(items) => {
            let list = PyList::empty(py);
            for item in items {
                list.append(from_json(py, item)?)?;
            }
            list.into_any()
        }
        Value::Object(map) => {
            let dict = PyDict::new(py);
            for (key, item) in map {
                dict.set_item(key, from_json(py, item)?)?;
            }
            dict.into_any()
        }
    })
}

/// A timestamp as a timezone-aware `datetime` in the site's local offset at that instant.
pub fn timestamp<'py>(py: Python<'py>, time: Option<Timestamp>) -> PyResult<Bound<'py, PyAny>> {
    match time {
        Some(time) => Ok(time.local().into_pyobject(py)?.into_any()),
        None => Ok(py.None().into_bound(py)),
    }
}
