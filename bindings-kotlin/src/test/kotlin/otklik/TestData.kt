package otklik

import com.fasterxml.jackson.dataformat.toml.TomlMapper
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths

/** Paths of the project's shared test vectors and data, and the vectors' conventions. */
object TestData {
    val workspace: Path = Paths.get(System.getProperty("otklik.workspace") ?: "..").toAbsolutePath().normalize()

    fun testdata(name: String): Path = workspace.resolve("core/testdata").resolve(name)

    fun shared(name: String): Path {
        val path = workspace.resolve("../shared/data").resolve(name).normalize()
        check(Files.exists(path)) { "$path is missing: the shared data sets must sit beside the project" }
        return path
    }

    const val BASE = "\"id\":\"1\",\"platform\":\"x\",\"kind\":\"post\",\"text\":\"t\",\"published_at\":\"2025-01-01T00:00:00Z\""

    /** core/testdata/README.md: `{BASE}` and `\xHH` raw bytes. */
    fun caseBytes(input: String): ByteArray {
        val text = input.replace("{BASE}", BASE)
        val out = java.io.ByteArrayOutputStream()
        var rest = text
        while (true) {
            val at = rest.indexOf("\\x")
            if (at < 0) break
            out.write(rest.substring(0, at).toByteArray(Charsets.UTF_8))
            out.write(rest.substring(at + 2, at + 4).toInt(16))
            rest = rest.substring(at + 4)
        }
        out.write(rest.toByteArray(Charsets.UTF_8))
        return out.toByteArray()
    }

    @Suppress("UNCHECKED_CAST")
    fun readerCases(): List<Map<String, Any>> {
        val doc = TomlMapper().readValue(testdata("mention_io.toml").toFile(), Map::class.java)
        return doc["case"] as List<Map<String, Any>>
    }

    /** A TOML test vector file of core/testdata as nested maps and lists. */
    @Suppress("UNCHECKED_CAST")
    fun toml(name: String): Map<String, Any> =
        TomlMapper().readValue(testdata(name).toFile(), Map::class.java) as Map<String, Any>

    /** The tables of an array of tables in a vector file. */
    @Suppress("UNCHECKED_CAST")
    fun tables(doc: Map<String, Any>, key: String): List<Map<String, Any>> = doc[key] as List<Map<String, Any>>
}
