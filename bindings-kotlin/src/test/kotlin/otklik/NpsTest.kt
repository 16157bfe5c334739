package otklik

import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

class NpsTest {
    private val doc = TestData.toml("nps.toml")
    private val tolerance = (doc["tolerance"] as Number).toDouble()

    private fun tol(case: Map<String, Any>) = (case["tol"] as Number?)?.toDouble() ?: tolerance

    private fun counts(case: Map<String, Any>) = npsFromCounts(
        (case["promoters"] as Number).toLong(),
        (case["passives"] as Number).toLong(),
        (case["detractors"] as Number).toLong(),
    )

    @Test
    fun `shared count cases`() {
        for (case in TestData.tables(doc, "counts")) {
            val r = counts(case)
            assertEquals((case["n"] as Number).toLong(), r.n)
            val score = (case["score"] as Number?)?.toDouble()
            if (score == null) assertNull(r.score) else assertEquals(score, r.score!!, tol(case))
            val se = (case["standard_error"] as Number?)?.toDouble()
            if (se == null) assertNull(r.standardError) else assertEquals(se, r.standardError!!, tol(case))
        }
    }

    @Test
    fun `shared interval cases`() {
        var checked = 0
        for (case in TestData.tables(doc, "interval")) {
            val method = when (case["method"]) {
                "wald" -> NpsMethod.WALD
                "score" -> NpsMethod.SCORE
                else -> NpsMethod.ADJUSTED_WALD
            }
            val got = npsInterval(counts(case), (case["level"] as Number).toDouble(), method)
            if (!case.containsKey("lower")) {
                assertNull(got)
                continue
            }
            assertEquals((case["lower"] as Number).toDouble(), got!!.low, tol(case))
            assertEquals((case["upper"] as Number).toDouble(), got.high, tol(case))
            checked++
        }
        assertTrue(checked >= 20)
    }

    @Test
    fun `shared independent comparisons`() {
        for (case in TestData.tables(doc, "independent")) {
            @Suppress("UNCHECKED_CAST")
            val (a, b) = listOf("first", "second").map { key ->
                val c = case[key] as List<Number>
                npsFromCounts(c[0].toLong(), c[1].toLong(), c[2].toLong())
            }
            if (!case.containsKey("difference")) {
                assertFailsWith<OtklikException.Metrics> { compareNps(a, b, false, 0.95) }
                continue
            }
            val c = compareNps(a, b, case["method"] == "wald", (case["level"] as Number).toDouble())
            assertEquals((case["difference"] as Number).toDouble(), c.difference, tol(case))
            assertEquals((case["standard_error"] as Number).toDouble(), c.standardError, tol(case))
            assertEquals((case["lower"] as Number).toDouble(), c.low, tol(case))
        }
    }

    @Test
    fun `answers and errors`() {
        val r = nps(listOf(10, 9, 7, 3))
        assertEquals(25.0, r.score)
        assertEquals(listOf(2L, 1L, 1L, 4L), listOf(r.promoters, r.passives, r.detractors, r.n))
        val e = assertFailsWith<OtklikException.Metrics> { nps(listOf(10, 11)) }
        assertEquals("answer_out_of_range", e.kind)
        assertEquals(1L, e.position)
        assertNull(nps(listOf()).score)
        assertFailsWith<OtklikException.Metrics> { npsInterval(r, 1.0, NpsMethod.WALD) }
        assertFailsWith<OtklikException.InvalidArgument> { npsFromCounts(-1, 0, 0) }
    }
}
