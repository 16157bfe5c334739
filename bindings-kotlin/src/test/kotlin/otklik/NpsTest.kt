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

class MoreMetricsTest {
    private val doc = TestData.toml("nps.toml")

    @Test
    fun `weighted NPS as in the note`() {
        val case = TestData.tables(doc, "weighted").first { !it.containsKey("error") }
        @Suppress("UNCHECKED_CAST")
        val w = weightedNps(
            (case["answers"] as List<Number>).map { it.toLong() },
            (case["weights"] as List<Number>).map { it.toDouble() },
        )
        assertEquals((case["score"] as Number).toDouble(), w.score!!, 1e-9)
        assertEquals((case["effective_n"] as Number).toDouble(), w.effectiveN!!, 1e-9)
        val e = assertFailsWith<OtklikException.Metrics> { weightedNps(listOf(10, 9), listOf(1.0, -1.0)) }
        assertEquals(1L, e.position)
    }

    @Test
    fun `paired, Holm, segments, trend and sample size`() {
        val paired = compareNpsPaired(listOf(3, 8, 10), listOf(9, 9, 10), 0.95)
        assertEquals(100.0, paired.difference, 1e-9) // before: one each of D, Pa, P (0); after: all P (100)
        assertEquals(listOf(0.03, 0.06, 0.06, 0.02), holm(listOf(0.01, 0.04, 0.03, 0.005)).map { Math.round(it * 1e12) / 1e12 })
        val keys = List(100) { "cards" } + List(100) { "loans" }
        val answers = List(60) { 10L } + List(25) { 8L } + List(15) { 3L } + List(20) { 10L } + List(30) { 8L } + List(50) { 3L }
        val rows = npsSegments(keys, answers, 0.95)
        assertEquals(listOf("", "cards", "loans"), rows.map { it.key })
        assertEquals(listOf(true, true), rows.drop(1).map { it.significant })
        val trend = npsTrend(
            listOf("2025-08", "2025-09", "2025-10"),
            listOf(npsFromCounts(50, 30, 20), npsFromCounts(52, 30, 18), npsFromCounts(75, 15, 10)),
            0.95,
        )
        assertEquals(listOf(false, false, true), trend.map { it.significant })
        assertEquals(1025L, npsSampleSize(5.0, 0.95, 1.0 / 3, 1.0 / 3, null))
    }

    @Test
    fun `CSAT, CES and engagement`() {
        val ratings = List(10) { 5L } + List(20) { 4L } + List(10) { 3L } + List(5) { 2L } + List(5) { 1L }
        val c = csat(ratings, 4, 1, 5, 0.95)
        assertEquals(60.0, c.share)
        val wilson = c.wilson!!
        assertTrue(wilson.low < 60.0 && 60.0 < wilson.high)
        assertEquals(4.8, ces(listOf(7, 6, 5, 4, 2), 1, 7).mean!!, 1e-12)
        assertFailsWith<OtklikException.Metrics> { csat(listOf(6), 4, 1, 5, 0.95) }
        val change = rateChange(2.71, 3.42)
        assertEquals(0.71, change.points, 1e-12)
        assertEquals(26.2, Math.round(change.relative!! * 10) / 10.0)
        assertEquals(6.0, interactionsPerViews(500, 100, 0, 10000)!!, 1e-12)
        assertNull(interactionsPerViews(1, 0, 0, null))
        assertFailsWith<OtklikException.InvalidArgument> { interactionsPerViews(-1, 0, 0, 10) }
    }

    @Test
    fun `engagement rates by formula, shared cases`() {
        var checked = 0
        for (case in TestData.tables(doc, "engagement")) {
            if (case.containsKey("interactions")) continue // the interaction set is not a Kotlin option yet
            @Suppress("UNCHECKED_CAST")
            val posts = (case["posts"] as List<Map<String, Any>>).map { p ->
                fun n(key: String) = (p[key] as Number?)?.toLong()
                PostCounts(n("reactions") ?: 0, n("comments") ?: 0, n("shares") ?: 0, n("saves") ?: 0, n("poll_votes") ?: 0, n("views"), n("reach"), n("followers"))
            }
            val formula = EngagementFormula.valueOf((case["formula"] as String).uppercase())
            val r = periodRate(posts, formula)
            val want = (case["ratio_of_sums"] as Number?)?.toDouble()
            if (want == null) assertNull(r.ratioOfSums) else assertEquals(want, r.ratioOfSums!!, 1e-9)
            assertEquals((case["posts_in_sum"] as Number).toLong(), r.postsInSum)
            checked++
        }
        assertTrue(checked >= 5)
        val post = PostCounts(400, 0, 100, 0, 0, null, null, 100_000)
        assertEquals(0.5, engagementRate(post, EngagementFormula.INTERACTIONS_PER_FOLLOWERS)!!, 1e-12)
        assertFailsWith<OtklikException.InvalidArgument> { engagementRate(post.copy(reactions = -1), EngagementFormula.INTERACTIONS_PER_VIEWS) }
    }
}
