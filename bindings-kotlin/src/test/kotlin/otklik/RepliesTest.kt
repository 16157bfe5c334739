package otklik

import java.time.Instant
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertFalse
import kotlin.test.assertNull
import kotlin.test.assertTrue

class RepliesTest {
    private val scripts = TestData.workspace.resolve("examples/replies/scripts.toml").toString()
    private val tone = TestData.workspace.resolve("examples/replies/tone.toml").toString()

    @Test
    fun `scripts are chosen by tags, language and platform, with missing values listed`() {
        ScriptBook.fromFile(scripts).use { book ->
            val found = book.suggest(listOf("complaint", "blocking"), "instagram", "uk", mapOf("name" to "Олено"), 0uL)
            assertEquals(listOf("card-blocked-uk", "complaint-uk", "any-uk"), found.map { it.script })
            assertTrue(found[0].private)
            assertTrue(found[0].text!!.startsWith("Олено"))
            assertNull(found[1].text)
            assertEquals(listOf("case_id", "eta"), found[1].missing)
            assertFalse(found[1].preview.contains("{"))
            assertEquals("review-uk", book.suggest(listOf("complaint"), "google_play", "uk", mapOf(), 0uL)[0].script)
            assertEquals("question-be", book.suggest(listOf("question"), "vk", "be", mapOf(), 0uL)[0].script)
            val rotated = book.suggest(listOf("complaint", "blocking"), "x", "uk", mapOf("name" to "Ігоре"), 1uL)[0]
            assertEquals(1L, rotated.variant)
            assertFailsWith<OtklikException.InvalidArgument> { book.suggest(listOf(), "myspace", "uk", mapOf(), 0uL) }
            val m = Mention(
                id = "x-1",
                platform = Platform.X,
                kind = Kind.Post,
                text = "my card was charged twice, this is ridiculous",
                publishedAt = Instant.parse("2025-10-01T09:00:00Z"),
            )
            val forMention = book.suggestFor(m, listOf("complaint"), mapOf("name" to "Chris", "case_id" to "ZB-7", "eta" to "today"))
            assertEquals("complaint-en", forMention[0].script)
            assertTrue(forMention[0].text!!.contains("ZB-7"))
        }
    }

    @Test
    fun `drafts are checked in every language and polite ones pass`() {
        ToneChecker.fromFile(tone).use { checker ->
            val clean = checker.check("Олено, вітаємо! Перепрошуємо за незручності. Напишіть нам в особисті.", "instagram", null, listOf("complaint"))
            assertTrue(clean.passed, clean.findings.toString())
            val draft = "Здравствуйте! Извините. Продиктуйте код из СМС, напишите нам."
            val fraud = checker.check(draft, "telegram_bot", null, listOf("complaint"))
            assertEquals("secret_request", fraud.findings[0].kind)
            assertEquals("error", fraud.findings[0].severity)
            val f = fraud.findings[0]
            assertTrue(draft.substring(f.start!!.toInt(), f.end!!.toInt()).isNotEmpty())
            val card = "Вітаємо! Перепрошуємо. Картка 4111 1111 1111 1111 активна, напишіть нам."
            assertEquals(listOf("pii:card"), checker.check(card, "facebook", null, listOf("complaint")).findings.map { it.rule })
            assertTrue(checker.check(card, "facebook", false, listOf("complaint")).passed)
            val long = checker.check("Вітаємо! " + "а".repeat(280), "x", null, listOf())
            assertEquals(280L, long.limit)
            assertEquals(listOf("too_long"), long.findings.map { it.kind })
        }
        assertEquals(9L + 23 + 1 + 2, xLength("Дякуємо! https://zoryabank.ua/a/very/long/path?x=1 👍🏽"))
        assertEquals("be", detectLanguage("Дзякуй, усё працуе"))
    }

    @Test
    fun `bad files throw Reply exceptions with the place`() {
        val e = assertFailsWith<OtklikException.Reply> {
            ScriptBook.fromToml("[[script]]\nid = \"a\"\nlang = \"uk\"\nvariants = [\"Hi {name\"]\n")
        }
        assertEquals("template", e.kind)
        assertEquals(4L, e.line)
        assertEquals("a", e.item)
        val q = assertFailsWith<OtklikException.Reply> {
            ToneChecker.fromToml("[[forbid]]\nid = \"x\"\nquery = '(open'\nmessage = \"m\"\n")
        }
        assertEquals("query", q.kind)
        assertEquals("x", q.item)
    }

    @Test
    fun `tagging says when to move to a private channel`() {
        RuleSet.fromFile(TestData.workspace.resolve("examples/rules/bank.toml").toString()).use { rules ->
            assertTrue(rules.tag("Зоря, мою картку заблокували без причини!").moveToPrivate)
            assertFalse(rules.tag("Зоря, коли відкриється відділення?").moveToPrivate)
        }
    }

    @Test
    fun `a clock records the move to a private channel`() {
        Policy.fromToml("[[target]]\nname = \"c\"\nmetric = \"first_reply\"\nwithin = \"10m\"").use { policy ->
            Clock(policy, "instagram", "comment", listOf(), null).use { clock ->
                val t0 = Instant.parse("2025-03-03T10:00:00Z")
                clock.push(EventKind.CREATED, t0, null, null)
                clock.push(EventKind.AGENT_REPLIED, t0.plusSeconds(240), null, null)
                assertNull(clock.movedToPrivateAt())
                clock.push(EventKind.PAUSED, t0.plusSeconds(240), null, "moved_to_private")
                assertEquals(t0.plusSeconds(240), clock.movedToPrivateAt())
            }
        }
    }
}
