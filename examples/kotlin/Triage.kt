// A CRM integrator's starting point: tag incoming mentions, compute their reply deadlines, and
// print the queue an agent works from. Compiled and run by the Kotlin tests
// (bindings-kotlin/src/test/kotlin/otklik/ExampleTest.kt), from the workspace root:
//
//     val lines = otklik.examples.triage(Paths.get("."), Instant.parse("2026-01-29T12:00:00Z"))
package otklik.examples

import java.nio.file.Path
import java.time.Duration
import java.time.Instant
import otklik.OnError
import otklik.Policy
import otklik.RuleSet
import otklik.liveQueue
import otklik.readJsonl

/** Tags the bundled mentions, puts them on the example policy's clocks and returns the queue as text lines. */
fun triage(workspace: Path, now: Instant, top: Int = 10): List<String> {
    val read = readJsonl(workspace.resolve("examples/data/mentions.jsonl").toString(), OnError.SKIP)
    RuleSet.fromFile(workspace.resolve("examples/rules/bank.toml").toString()).use { rules ->
        Policy.fromFile(workspace.resolve("examples/sla/policy.toml").toString()).use { policy ->
            val tagged = rules.tagMany(read.mentions.map { it.text })
            val needReply = tagged.count { it.needsReply }
            val queue = liveQueue(read.mentions, policy, now, rules)
            val lines = mutableListOf(
                "${read.mentions.size} mentions, $needReply need a reply, ${queue.size} clocks open at $now",
            )
            for (entry in queue.take(top)) {
                val left = Duration.ofSeconds(entry.remainingSeconds)
                val flag = when {
                    entry.state == "breached" -> "LATE"
                    entry.warning -> "soon"
                    else -> ""
                }
                lines += "%-12s %-16s %-9s %-4s left %s".format(entry.conversation, entry.target, entry.state, flag, left)
            }
            return lines
        }
    }
}

fun main() {
    triage(Path.of("."), Instant.now()).forEach(::println)
}
