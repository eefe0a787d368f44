package io.erstream.stream;

/**
 * One input of an encoded model's layout, as {@code /models/{key}} shows it: the field it belongs to, the field's
 * kind, its role ({@code value}, {@code missing}, {@code category}, {@code overflow}, {@code bucket}) and, for a
 * category, its name (or {@code #hash} until the name is attached), for a bucket its number.
 */
public record EncodedInput(int index, String field, String kind, String role, String category) {
}
