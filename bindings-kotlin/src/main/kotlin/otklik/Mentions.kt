// Kotlin conveniences over the generated bindings (package otklik). No logic: each delegates.
package otklik

/** This mention as one JSON object (a line of JSON Lines without the newline). */
fun Mention.toJson(): String = mentionToJson(this)
