//! NPS and its statistics, mirroring `otklik::metrics`.

use otklik::metrics::{
    Confidence, NpsCounts, NpsMethod, OutOfRange, TestMethod, compare_independent,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::{metrics_error, plain_metrics_error};

fn confidence(py: Python<'_>, level: f64) -> PyResult<Confidence> {
    Confidence::new(level).map_err(|e| metrics_error(py, &e))
}

/// Net Promoter Score of a sample: counts, score on the -100..100 scale, standard error,
/// intervals.
#[pyclass(name = "NpsResult", module = "otklik", frozen)]
pub struct PyNps {
    pub(crate) counts: NpsCounts,
    skipped: u64,
}

#[pymethods]
impl PyNps {
    /// Promoters (answers 9-10).
    #[getter]
    fn promoters(&self) -> u64 {
        self.counts.promoters()
    }

    /// Passives (answers 7-8).
    #[getter]
    fn passives(&self) -> u64 {
        self.counts.passives()
    }

    /// Detractors (answers 0-6).
    #[getter]
    fn detractors(&self) -> u64 {
        self.counts.detractors()
    }

    /// Answers counted.
    #[getter]
    fn n(&self) -> u64 {
        self.counts.n()
    }

    /// Answers outside 0-10 skipped (with `on_out_of_range="skip"`).
    #[getter]
    fn skipped(&self) -> u64 {
        self.skipped
    }

    /// The score, 100 x (P - D) / n; None with no answers.
    #[getter]
    fn score(&self) -> Option<f64> {
        self.counts.score()
    }

    /// The exact score as (numerator, denominator), reduced; None with no answers.
    #[getter]
    fn exact(&self) -> Option<(i64, u64)> {
        self.counts
            .exact()
            .map(|f| (f.numerator(), f.denominator()))
    }

    /// The score rounded half away from zero to `decimals` places; None with no answers.
    #[pyo3(signature = (decimals = 0))]
    fn rounded(&self, decimals: u32) -> Option<f64> {
        self.counts.rounded(decimals)
    }

    /// The standard error of the score, in points; None with no answers.
    #[getter]
    fn standard_error(&self) -> Option<f64> {
        self.counts.standard_error()
    }

    /// The confidence interval (low, high), clamped to -100..100: method "adjusted_wald"
    /// (default), "wald" or "score". None with no answers.
    #[pyo3(signature = (confidence = 0.95, method = "adjusted_wald"))]
    fn interval(
        &self,
        py: Python<'_>,
        confidence: f64,
        method: &str,
    ) -> PyResult<Option<(f64, f64)>> {
        let method = match method {
            "adjusted_wald" => NpsMethod::AdjustedWald,
            "wald" => NpsMethod::Wald,
            "score" => NpsMethod::Score,
            other => {
                return Err(PyValueError::new_err(format!(
                    "method must be \"adjusted_wald\", \"wald\" or \"score\", not {other:?}"
                )));
            }
        };
        let level = self::confidence(py, confidence)?;
        Ok(self
            .counts
            .interval(method, level)
            .map(|i| (i.lower, i.upper)))
    }

    fn __repr__(&self) -> String {
        format!(
            "NpsResult(score={}, n={}, promoters={}, passives={}, detractors={})",
            self.counts
                .score()
                .map_or("None".to_owned(), |s| format!("{s:.2}")),
            self.counts.n(),
            self.counts.promoters(),
            self.counts.passives(),
            self.counts.detractors()
        )
    }
}

/// NPS of 0-10 answers. An answer outside 0-10 raises MetricsError naming its index, or with
/// `on_out_of_range="skip"` is skipped and counted in `.skipped`.
#[pyfunction]
#[pyo3(signature = (answers, *, on_out_of_range = "error"))]
pub fn nps(py: Python<'_>, answers: Vec<i64>, on_out_of_range: &str) -> PyResult<PyNps> {
    let policy = match on_out_of_range {
        "error" => OutOfRange::Error,
        "skip" => OutOfRange::Skip,
        other => {
            return Err(PyValueError::new_err(format!(
                "on_out_of_range must be \"error\" or \"skip\", not {other:?}"
            )));
        }
    };
    let tally = NpsCounts::tally(&answers, policy).map_err(|e| metrics_error(py, &e))?;
    Ok(PyNps {
        counts: tally.counts,
        skipped: tally.skipped,
    })
}

/// NPS from counts of promoters, passives and detractors.
#[pyfunction]
#[pyo3(signature = (*, promoters, passives, detractors))]
pub fn nps_from_counts(
    py: Python<'_>,
    promoters: u64,
    passives: u64,
    detractors: u64,
) -> PyResult<PyNps> {
    let counts =
        NpsCounts::new(promoters, passives, detractors).map_err(|e| metrics_error(py, &e))?;
    Ok(PyNps { counts, skipped: 0 })
}

/// The comparison of two NPS: `difference` is b - a.
#[pyclass(name = "NpsComparison", module = "otklik", frozen, get_all)]
pub struct PyNpsComparison {
    /// b's score minus a's, in points.
    difference: f64,
    /// The standard error of the difference, in points.
    standard_error: f64,
    /// The z statistic; None when the standard error is 0.
    z: Option<f64>,
    /// The two-sided p-value; None with z.
    p_value: Option<f64>,
    /// Lower bound of the difference's confidence interval.
    low: f64,
    /// Upper bound.
    high: f64,
}

#[pymethods]
impl PyNpsComparison {
    fn __repr__(&self) -> String {
        let p = self
            .p_value
            .map_or("None".to_owned(), |p| format!("{p:.4}"));
        format!(
            "NpsComparison(difference={:.2}, p_value={p})",
            self.difference
        )
    }
}

/// Compares two NPS from different respondents (periods, segments): method "adjusted_wald"
/// (default) or "wald". Raises MetricsError when either sample is empty.
#[pyfunction]
#[pyo3(signature = (a, b, *, method = "adjusted_wald", confidence = 0.95))]
pub fn compare_nps(
    py: Python<'_>,
    a: &PyNps,
    b: &PyNps,
    method: &str,
    confidence: f64,
) -> PyResult<PyNpsComparison> {
    let method = match method {
        "adjusted_wald" => TestMethod::AdjustedWald,
        "wald" => TestMethod::Wald,
        other => {
            return Err(PyValueError::new_err(format!(
                "method must be \"adjusted_wald\" or \"wald\", not {other:?}"
            )));
        }
    };
    let level = self::confidence(py, confidence)?;
    let c = compare_independent(&a.counts, &b.counts, method, level).ok_or_else(|| {
        plain_metrics_error(py, "empty", "compare_nps: both samples need answers")
    })?;
    Ok(PyNpsComparison {
        difference: c.difference,
        standard_error: c.standard_error,
        z: c.z,
        p_value: c.p_value,
        low: c.interval.lower,
        high: c.interval.upper,
    })
}
