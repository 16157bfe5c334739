//! The native module `otklik._otklik`. Thin: converts types and errors and calls the core.
//! Its modules mirror the core's one to one (`mention`, `io`); the public Python API is the
//! package `otklik` (python/otklik/__init__.py) with its hand-written `_otklik.pyi`.

mod convert;
mod errors;
mod io;
mod mention;

/// The native part of otklik. Import `otklik`, not this module.
#[pyo3::pymodule(gil_used = false)]
mod _otklik {
    #[pymodule_export]
    use crate::errors::{InputError, OtklikError};
    #[pymodule_export]
    use crate::io::{ReadResult, read_csv, read_jsonl, write_csv, write_jsonl};
    #[pymodule_export]
    use crate::mention::PyMention;

    #[pymodule_init]
    fn init(m: &pyo3::Bound<'_, pyo3::types::PyModule>) -> pyo3::PyResult<()> {
        use pyo3::types::PyModuleMethods;
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        Ok(())
    }
}
