//! Python exceptions: `OtklikError(ValueError)` and one subclass per core error kind.

use pyo3::prelude::*;

pyo3::create_exception!(
    otklik,
    OtklikError,
    pyo3::exceptions::PyValueError,
    "Base class of every error otklik raises for bad input."
);
pyo3::create_exception!(
    otklik,
    InputError,
    OtklikError,
    "A record that could not be read: `.line`, `.column`, `.field`, `.kind`, `.reason`."
);

/// Converts a core [`otklik::io::InputError`] into an `otklik.InputError` with its place.
pub(crate) fn input_error(py: Python<'_>, err: &otklik::io::InputError) -> PyErr {
    let exc = InputError::new_err(err.to_string());
    let value = exc.value(py);
    let set = || -> PyResult<()> {
        value.setattr("line", err.line())?;
        value.setattr("column", err.column())?;
        value.setattr("field", err.field())?;
        value.setattr("kind", err.kind().as_str())?;
        value.setattr("reason", err.reason())
    };
    match set() {
        Ok(()) => exc,
        Err(e) => e,
    }
}
