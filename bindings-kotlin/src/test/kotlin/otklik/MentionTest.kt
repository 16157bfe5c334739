package otklik

import java.time.Instant
import java.time.ZoneId
import java.time.ZonedDateTime
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

class MentionTest {
    private val sample = Mention(
        id = "tgb-1",
        platform = Platform.TelegramBot,
        kind = Kind.Message,
        text = "Картку заблоковано 😡",
        publishedAt = Instant.parse("2025-10-01T09:00:00Z"),
        author = "olena",
        rating = 2,
        reach = Long.MAX_VALUE,
        extraJson = """{"geo":{"lat":50.45}}""",
    )

    @Test
    fun `json round trip keeps every field`() {
        val json = sample.toJson()
        assertTrue(json.startsWith("""{"id":"tgb-1","platform":"telegram_bot","kind":"message""""), json)
        assertTrue(json.endsWith(""","geo":{"lat":50.45}}"""), json)
        assertEquals(sample, mentionFromJson(json))
    }

    @Test
    fun `unknown platforms are kept and names read like the core`() {
        val m = mentionFromJson("""{${TestData.BASE.replace("\"x\"", "\"threads\"")}}""")
        assertEquals(Platform.Other("threads"), m.platform)
        assertEquals(Platform.X, platformFromName("Twitter"))
        assertEquals("google_play", Platform.GooglePlay.wireName())
        assertEquals(Kind.Review, kindFromName("review"))
        assertFailsWith<OtklikException.InvalidArgument> { platformFromName(" ") }
        // A known name given as Other is read as the known platform.
        assertEquals(Platform.Vk, mentionFromJson(sample.copy(platform = Platform.Other("vk")).toJson()).platform)
    }

    @Test
    fun `instants survive DST in Kyiv`() {
        val kyiv = ZoneId.of("Europe/Kyiv")
        val springForward = ZonedDateTime.of(2025, 3, 30, 4, 30, 0, 0, kyiv).toInstant()
        val fallBack = ZonedDateTime.ofStrict(
            java.time.LocalDateTime.of(2025, 10, 26, 3, 30), java.time.ZoneOffset.ofHours(2), kyiv,
        ).toInstant()
        // Instants before 1970 with a fractional second do not survive uniffi 0.32's SystemTime mapping;
        // mentions are never that old, so they are left out here (see the closing note of issue 2).
        for (t in listOf(springForward, fallBack, Instant.parse("2025-12-31T23:59:59.123456789Z"))) {
            val back = mentionFromJson(sample.copy(publishedAt = t).toJson())
            assertEquals(t, back.publishedAt)
        }
        assertEquals(Instant.parse("2025-03-30T01:30:00Z"), springForward)
        assertEquals(Instant.parse("2025-10-26T01:30:00Z"), fallBack)
    }

    @Test
    fun `bad values are typed exceptions`() {
        val e = assertFailsWith<OtklikException.Input> {
            mentionFromJson("""{"id":"1","platform":"x","kind":"post","text":"t","published_at":"2025-01-01 10:00"}""")
        }
        assertEquals(1L, e.line)
        assertEquals("published_at", e.field)
        assertEquals("invalid_value", e.kind)
        assertTrue(e.reason.contains("no time zone"), e.reason)
        assertFailsWith<OtklikException.InvalidArgument> { sample.copy(rating = 7).toJson() }
        assertFailsWith<OtklikException.InvalidArgument> { sample.copy(views = -1).toJson() }
        assertFailsWith<OtklikException.InvalidArgument> { sample.copy(extraJson = "[1]").toJson() }
        assertFailsWith<OtklikException.InvalidArgument> { sample.copy(extraJson = """{"text":"x"}""").toJson() }
        // A Rust failure surfaces as an exception, and the JVM goes on.
        assertFailsWith<OtklikException> { mentionFromJson("\u0000") }
        assertEquals(sample, mentionFromJson(sample.toJson()))
    }

    @Test
    fun `version is the library's`() {
        assertTrue(version().matches(Regex("""\d+\.\d+\.\d+.*""")))
    }
}
