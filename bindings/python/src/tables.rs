//! Tables through the Arrow PyCapsule interface, and Parquet datasets.
//!
//! `Archive.table(name)` builds the table in Rust (GIL released) and returns a `TableStream`,
//! which any Arrow consumer reads through `__arrow_c_stream__` (pyarrow, Polars, DuckDB) without
//! a Python object per row. `to_arrow`, `to_pandas` and `to_polars` are in `broadsheet.frames`.

use crate::errors::{BroadsheetError, guarded, os_error};
use arrow_array::ffi_stream::FFI_ArrowArrayStream;
use arrow_array::{RecordBatch, RecordBatchIterator};
use broadsheet_arrow::{DatasetError, Table, TableOptions};
use pyo3::prelude::*;
use pyo3::types::PyCapsule;

/// One table of an archive, built in Rust, readable by any Arrow consumer through the Arrow
/// PyCapsule interface (`pyarrow.table(stream)`, `polars.DataFrame(stream)`, DuckDB).
#[pyclass(module = "broadsheet", name = "TableStream", frozen)]
pub struct PyTableStream {
    name: String,
    batch: RecordBatch,
}

#[pymethods]
impl PyTableStream {
    /// The table's name.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    /// The Arrow C stream of the table (a `PyCapsule` named `arrow_array_stream`); each call
    /// gives a new stream. A requested schema is not applied: the table's own is given.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let schema = self.batch.schema();
        let reader = RecordBatchIterator::new(vec![Ok(self.batch.clone())], schema);
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        // The capsule points at the stream; a consumer moves it out (leaving it released), and
        // dropping the capsule releases a stream nobody took.
        PyCapsule::new_with_value(py, stream, c"arrow_array_stream")
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "TableStream(name={:?}, rows={})",
            self.name,
            self.batch.num_rows()
        )
    }
}

/// Parses a table name.
pub fn parse_table(name: &str) -> PyResult<Table> {
    name.parse::<Table>()
        .map_err(|e| BroadsheetError::new_err(e.to_string()))
}

/// Builds a table of a snapshot (GIL released).
pub fn table_stream(
    py: Python<'_>,
    snapshot: &broadsheet::Snapshot,
    table: Table,
    private: bool,
) -> PyResult<PyTableStream> {
    let options = TableOptions::default().with_private(private);
    let batch = py.detach(|| {
        guarded("table", || {
            broadsheet_arrow::table(snapshot, table, &options)
                .map_err(|e| crate::errors::InternalError::new_err(e.to_string()))
        })
    })?;
    Ok(PyTableStream {
        name: table.name().to_owned(),
        batch,
    })
}

/// Maps a dataset error: I/O to `OSError`, a bad site name to `BroadsheetError`.
pub fn dataset_error(error: DatasetError) -> PyErr {
    match error {
        DatasetError::Io { path, source } => os_error(&path.display().to_string(), &source),
        other => BroadsheetError::new_err(other.to_string()),
    }
}
