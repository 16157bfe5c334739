package otklik

import java.time.Instant
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class ExampleTest {
    @Test
    fun `the Kotlin example prints the queue, most urgent first`() {
        val lines = otklik.examples.triage(TestData.workspace, Instant.parse("2026-01-29T12:00:00Z"), top = 5)
        assertTrue(lines[0].startsWith("438 mentions"), lines[0])
        assertEquals(6, lines.size)
        assertTrue(lines[1].contains("breached") && lines[1].contains("LATE"), lines[1])
    }

    @Test
    fun `the live queue with and without tags`() {
        val read = readJsonl(TestData.workspace.resolve("examples/data/mentions.jsonl").toString(), OnError.SKIP)
        val now = Instant.parse("2026-01-29T12:00:00Z")
        Policy.fromFile(TestData.workspace.resolve("examples/sla/policy.toml").toString()).use { policy ->
            RuleSet.fromFile(TestData.workspace.resolve("examples/rules/bank.toml").toString()).use { rules ->
                val all = liveQueue(read.mentions, policy, now, null)
                val needing = liveQueue(read.mentions, policy, now, rules)
                assertTrue(needing.size < all.size, "${needing.size} vs ${all.size}")
                val breached = needing.takeWhile { it.state == "breached" }
                assertTrue(breached.isNotEmpty())
                assertTrue(needing.drop(breached.size).none { it.state == "breached" })
            }
        }
    }

    @Test
    fun `an SLA report by month and target`() {
        val read = readJsonl(TestData.workspace.resolve("examples/data/mentions.jsonl").toString(), OnError.SKIP)
        Policy.fromFile(TestData.workspace.resolve("examples/sla/policy.toml").toString()).use { policy ->
            val report = slaReport(read.mentions, policy, Instant.parse("2026-01-29T12:00:00Z"), null, listOf("month", "target"))
            assertTrue(report.rows.isNotEmpty())
            assertEquals(report.total.count, report.rows.sumOf { it.count })
            assertTrue(report.rows.all { it.key.size == 2 })
            assertTrue(report.table.contains("SL = met / (met + missed)"), report.table)
            assertTrue(report.csv.startsWith("month,target,count"), report.csv.take(80))
            assertFailsWith<OtklikException.InvalidArgument> { slaReport(read.mentions, policy, Instant.now(), null, listOf("year")) }
        }
    }
}
