package otklik

import java.time.Duration
import java.time.Instant
import java.time.LocalDate
import java.time.ZoneId
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertNull
import kotlin.test.assertTrue

class SlaTest {
    private fun instant(text: Any?): Instant = Instant.parse(text as String)

    @Test
    fun `shared calendar cases give the same answers as in Rust and Python`() {
        val doc = TestData.toml("calendar.toml")
        @Suppress("UNCHECKED_CAST")
        val calendars = (doc["calendar"] as Map<String, Map<String, Any>>).mapValues { Calendar.fromToml(it.value["toml"] as String) }
        val failures = mutableListOf<String>()
        for (case in TestData.tables(doc, "case")) {
            val cal = calendars.getValue(case["calendar"] as String)
            val at = instant(case["at"])
            val got: Any? = try {
                when (case["op"]) {
                    "add" -> cal.addBusinessTime(at, Duration.ofSeconds((case["seconds"] as Number).toLong()))
                    "subtract" -> cal.subtractBusinessTime(at, Duration.ofSeconds((case["seconds"] as Number).toLong()))
                    "duration" -> cal.businessDuration(at, instant(case["to"])).seconds
                    "is_open" -> cal.isOpen(at)
                    "next_open" -> cal.nextOpen(at)
                    "next_close" -> cal.nextClose(at)
                    else -> error("unknown op ${case["op"]}")
                }
            } catch (e: OtklikException.Sla) {
                "error:${e.kind}"
            }
            val want: Any? = when {
                case.containsKey("expect_instant") -> instant(case["expect_instant"])
                case.containsKey("expect_seconds") -> (case["expect_seconds"] as Number).toLong()
                case.containsKey("expect_bool") -> case["expect_bool"]
                case.containsKey("expect_error") -> "error:${case["expect_error"]}"
                else -> null
            }
            if (got != want) failures += "${case["name"]}: got $got, want $want"
        }
        assertTrue(failures.isEmpty(), failures.joinToString("\n"))
    }

    @Test
    fun `a calendar built from weekly hours and holidays`() {
        val cal = Calendar(
            "Europe/Kyiv",
            mapOf("mon" to listOf("09:00-13:00", "14:00-18:00"), "sat" to listOf("10:00-15:00")),
            listOf("2024-01-01"),
        )
        val t0 = Instant.parse("2024-01-01T08:00:00Z")
        assertEquals(false, cal.isOpen(t0))
        assertEquals(Instant.parse("2024-01-06T08:00:00Z"), cal.nextOpen(t0))
        assertEquals(Duration.ofHours(6), cal.businessDuration(t0, t0.plus(Duration.ofDays(7))))
        assertEquals("Europe/Kyiv", cal.timezone())
        assertNull(Calendar.always().nextClose(t0))
        val e = assertFailsWith<OtklikException.Sla> { Calendar("Europe/Kiyv", mapOf("mon" to listOf("09:00-18:00")), listOf()) }
        assertEquals("unknown_zone", e.kind)
        assertFailsWith<OtklikException.Sla> { Calendar("UTC", mapOf("mon" to listOf("09:00-25:00")), listOf()) }
        val end = assertFailsWith<OtklikException.Sla> { cal.businessDuration(t0, t0.minusSeconds(1)) }
        assertEquals("end_before_start", end.kind)
    }

    @Test
    fun `instants and durations round trip across DST`() {
        for (zone in listOf("Europe/Kyiv", "America/New_York")) {
            val z = ZoneId.of(zone)
            val cal = Calendar(zone, mapOf("daily" to listOf("00:00-24:00")), listOf())
            for (day in listOf(LocalDate.of(2025, 3, 9), LocalDate.of(2025, 3, 30), LocalDate.of(2025, 10, 26), LocalDate.of(2025, 11, 2))) {
                val a = day.atStartOfDay(z).toInstant()
                val b = day.plusDays(1).atStartOfDay(z).toInstant()
                val real = Duration.between(a, b)
                assertEquals(real, cal.businessDuration(a, b), "$zone $day")
                assertEquals(b, cal.addBusinessTime(a, real), "$zone $day")
            }
        }
    }

    @Test
    fun `shared clock cases give the same states as in Rust and Python`() {
        val doc = TestData.toml("clock.toml")
        @Suppress("UNCHECKED_CAST")
        val policies = (doc["policy"] as Map<String, Map<String, Any>>).mapValues { Policy.fromToml(it.value["toml"] as String) }
        val failures = mutableListOf<String>()
        for (case in TestData.tables(doc, "case")) {
            val clock = Clock(
                policies.getValue(case["policy"] as String),
                (case["platform"] ?: "other") as String,
                (case["kind"] ?: "message") as String,
                listOf(),
                null,
            )
            var refused: Pair<String, Int>? = null
            @Suppress("UNCHECKED_CAST")
            for ((i, e) in (case["events"] as List<Map<String, Any>>).withIndex()) {
                val kind = EventKind.valueOf((e["kind"] as String).uppercase())
                try {
                    clock.push(kind, instant(e["at"]), e["agent"] as String?, e["reason"] as String?)
                } catch (err: OtklikException.Sla) {
                    refused = err.kind to i
                    break
                }
            }
            val wantError = case["error"]?.let { (it as String) to (case["error_at"] as Number).toInt() }
            if (refused != wantError) failures += "${case["name"]}: refused $refused, want $wantError"
            @Suppress("UNCHECKED_CAST")
            for (x in (case["expect"] as List<Map<String, Any>>?).orEmpty()) {
                val status = clock.status(instant(x["now"]))
                val m = when (x["metric"]) {
                    "first_reply" -> status.firstReply
                    "next_reply" -> status.nextReply
                    else -> status.resolution
                }!!
                fun check(what: String, got: Any?, want: Any?) {
                    if (want != null && got != want) failures += "${case["name"]} at ${x["now"]} ${x["metric"]}: $what is $got, want $want"
                }
                check("state", m.state, x["state"])
                check("elapsed", m.elapsed.seconds, (x["elapsed"] as Number?)?.toLong())
                check("remaining", m.remainingSeconds, (x["remaining"] as Number?)?.toLong())
                check("warning", m.warning, x["warning"])
                check("deadline", m.deadline?.toString() ?: "none", x["deadline"])
                check("breached_at", m.breachedAt?.toString() ?: "none", x["breached_at"])
                check("agent", m.agent ?: "", x["agent"])
            }
        }
        assertTrue(failures.isEmpty(), failures.joinToString("\n"))
    }

    @Test
    fun `service level of reply times`() {
        val r = serviceLevel(listOf(Duration.ofSeconds(30), Duration.ofSeconds(120), Duration.ofSeconds(121), null), Duration.ofSeconds(120))
        assertEquals(4L, r.count)
        assertEquals(2L, r.met)
        assertEquals(1L, r.missed)
        assertEquals(1L, r.open)
        assertEquals(2.0 / 3.0, r.serviceLevel!!, 1e-12)
    }

    @Test
    fun `failures inside Rust surface as exceptions, the JVM goes on`() {
        val far = Instant.parse("3000-01-01T00:00:00Z")
        val e = assertFailsWith<OtklikException.Sla> { Calendar.always().isOpen(far) }
        assertEquals("out_of_range", e.kind)
        assertFailsWith<OtklikException.Sla> { Calendar.fromToml("zone = \"UTC\"\n[hours]\nmon = 5\n") }
        assertFailsWith<OtklikException.Sla> { Policy.fromToml("[[target]]\nname = \"a\"\nmetric = \"first_reply\"\nwithin = \"1d\"\n") }
        // And the library still works afterwards.
        assertEquals(true, Calendar.always().isOpen(Instant.parse("2025-01-01T00:00:00Z")))
    }

    @Test
    fun `conversations from threads`() {
        val t0 = Instant.parse("2025-03-03T10:00:00Z")
        val question = Mention(id = "q", platform = Platform.Vk, kind = Kind.Comment, text = "Де мій переказ?", publishedAt = t0)
        val answer = question.copy(id = "a", kind = Kind.Reply, text = "Вже надійшов", publishedAt = t0.plusSeconds(300), author = "zorya_bank", authorIsBrand = true, parentId = "q")
        val found = conversations(listOf(question, answer))
        assertEquals(1, found.size)
        assertEquals("q", found[0].key)
        assertEquals(listOf(EventKind.CREATED, EventKind.AGENT_REPLIED), found[0].events.map { it.kind })
        assertEquals("zorya_bank", found[0].events[1].agent)
    }
}
