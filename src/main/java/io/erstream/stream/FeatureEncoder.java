package io.erstream.stream;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How a model of named features turns event records — numbers, booleans, strings, nulls, absent fields — into the
 * fixed-width input vector its learner reads. The width D (inputs) and the number of fields W it can hold are fixed
 * when the model is created, so the learner never changes shape; fields, categories and missing indicators take
 * inputs from that pool as they appear.
 *
 * <ul>
 *   <li>a number or a boolean (0/1) takes one input; once the field is missing (absent or null) in a labelled
 *       record it also gets a missing-indicator input, and a missing value is imputed with the field's running
 *       mean (of the values present in labelled records);</li>
 *   <li>a string is one-hot over the field's vocabulary ({@link Strings#VOCABULARY}): each new category of a
 *       labelled record takes an input, up to {@code categories} per field; later ones share the field's overflow
 *       input. Or, with {@link Strings#HASHING}, the field takes {@code categories} inputs at once and a category
 *       sets input hash mod {@code categories}. A missing string sets none of its inputs;</li>
 *   <li>when the pool is full, a new field is ignored (as is a field past the W-th), a new category goes to the
 *       overflow input, or nowhere if the field has none; a missing number without an indicator is imputed only.</li>
 * </ul>
 *
 * <p><b>Exactness.</b> The journal holds what {@link #bind} writes, the <em>canonical</em> record: per field slot
 * its value (a category as its 52-bit {@link Hash52 hash}, a missing value as NaN) and, for a field the record
 * introduces, its name's hash and kind. The encoder's state — fields, vocabulary, running means, indicators —
 * changes only in {@link #learn}, called in the learning step from the canonical record alone, so live learning
 * and journal replay change it identically. Names are for people: the state keys fields and categories by hash,
 * and a name is attached ({@link #name}) when the model is created and in the steps that are persisted as a
 * snapshot, which a replay never runs — so a restored model holds the same names, byte for byte. An input whose
 * name is not attached yet shows its hash. Not thread-safe.
 */
final class FeatureEncoder {

    /** How strings become inputs. */
    enum Strings {
        VOCABULARY, HASHING;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Strings of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    /** What a new model's encoder is made with ({@code erstream.features.*}, {@code erstream.max.features}). */
    record Settings(Strings strings, int categories, int reserve, int maxInputs) {
    }

    static final byte VALUE = 0;
    static final byte MISSING = 1;
    static final byte CATEGORY = 2;
    static final byte OVERFLOW = 3;
    static final byte BUCKET = 4;
    private static final String[] ROLES = {"value", "missing", "category", "overflow", "bucket"};
    private static final String[] KINDS = {"number", "boolean", "string"};
    private static final int NONE = -1;
    private static final int NAME_BITS = 50; // a tag is hash·4 + kind, exact in a double
    private static final int CATEGORY_BITS = 52;
    /** Category names are kept for display only, so a long one is cut (its hash identifies it). */
    static final int MAX_CATEGORY_NAME = 64;

    private final Strings strings;
    private final int categories;
    private final int width;
    private final int inputs;
    private int fields;
    private int used;
    // per field
    private final long[] fieldHash;
    private final byte[] kind;
    private final String[] fieldName;
    private final int[] first; // value input, or first bucket (hashing); NONE: no room
    private final int[] extra; // missing indicator (numbers) or overflow (vocabulary); NONE: not yet
    private final int[] admitted; // categories in the vocabulary
    private final long[] seen;
    private final double[] mean;
    // per input
    private final int[] owner;
    private final byte[] role;
    private final long[] category;
    private final String[] label;
    // lookups, rebuilt from the state above
    private final LongIntMap byName;
    private final LongIntMap vocabulary;
    // scratch
    private final int[] mark;
    private int generation;

    private FeatureEncoder(Strings strings, int categories, int width, int inputs) {
        if (categories < 1 || width < 1 || inputs < 1 || width > inputs || width > 4096) {
            throw new IllegalArgumentException("encoder shape out of range: " + categories + " categories, " + width
                    + " fields, " + inputs + " inputs");
        }
        this.strings = strings;
        this.categories = categories;
        this.width = width;
        this.inputs = inputs;
        fieldHash = new long[width];
        kind = new byte[width];
        fieldName = new String[width];
        first = new int[width];
        extra = new int[width];
        admitted = new int[width];
        seen = new long[width];
        mean = new double[width];
        owner = new int[inputs];
        role = new byte[inputs];
        category = new long[inputs];
        label = new String[inputs];
        byName = new LongIntMap(width);
        vocabulary = new LongIntMap(16);
        mark = new int[width];
    }

    /**
     * The encoder a model's first record shapes: D = what its fields need (one input per number, boolean or null,
     * {@code categories} + 1 per string) plus {@code reserve}, at most {@code maxInputs}; W = its fields plus
     * {@code reserve}, at most D. Its fields and categories are admitted at once, with their names.
     */
    static FeatureEncoder create(ParsedExample record, Settings settings) {
        int need = 0;
        for (int i = 0; i < record.count; i++) {
            need += record.kinds[i] != ParsedExample.STRING ? 1
                    : settings.strings() == Strings.VOCABULARY ? settings.categories() + 1 : settings.categories();
        }
        int inputs = Math.max(1, Math.min(settings.maxInputs(), need + settings.reserve()));
        int width = Math.max(1, Math.min(inputs, record.count + settings.reserve()));
        FeatureEncoder encoder = new FeatureEncoder(settings.strings(), settings.categories(), width, inputs);
        for (int i = 0; i < record.count && encoder.fields < width; i++) {
            byte k = record.kinds[i];
            long h = Hash52.of(record.names[i], NAME_BITS);
            if (k == ParsedExample.NULL || encoder.byName.get(h) != LongIntMap.ABSENT) {
                continue; // a null says nothing of the field's kind; a duplicate is refused by bind
            }
            int c = encoder.admitField(h, k);
            encoder.fieldName[c] = record.names[i];
            if (k == ParsedExample.STRING && settings.strings() == Strings.VOCABULARY) {
                encoder.admitCategory(c, Hash52.of(record.strings[i], CATEGORY_BITS));
            }
        }
        encoder.name(record);
        return encoder;
    }

    /** Length of the canonical record: a value and a tag per field slot. */
    int canonicalWidth() {
        return 2 * width;
    }

    /** The learner's input width D. */
    int inputs() {
        return inputs;
    }

    Strings strings() {
        return strings;
    }

    /**
     * Writes {@code record}'s canonical form into {@code canonical} (length {@link #canonicalWidth}); changes no
     * state. A field the model does not have yet gets the next free slot and a tag only in a labelled record (the
     * learning step admits it); elsewhere, and when no slot is left, it is ignored. Throws naming the field for a
     * value of another kind than the field's, or a field given twice.
     */
    void bind(ParsedExample record, double[] canonical, String model) {
        boolean labelled = record.labelled();
        int generation = ++this.generation;
        Arrays.fill(canonical, 0, fields, Double.NaN);
        Arrays.fill(canonical, fields, 2 * width, 0);
        int next = fields;
        for (int i = 0; i < record.count; i++) {
            String name = record.names[i];
            byte k = record.kinds[i];
            long h = Hash52.of(name, NAME_BITS);
            int c = byName.get(h);
            if (c == LongIntMap.ABSENT) {
                c = pending(canonical, next, h);
            }
            if (c == LongIntMap.ABSENT) {
                if (!labelled || k == ParsedExample.NULL || next == width) {
                    continue;
                }
                c = next++;
                canonical[width + c] = (double) (h << 2 | k);
            }
            if (mark[c] == generation) {
                throw new BadRecordException(Reason.DUPLICATE_FEATURE, "features." + name,
                        "feature '" + name + "' appears twice");
            }
            mark[c] = generation;
            byte expected = c < fields ? kind[c] : (byte) ((long) canonical[width + c] & 3);
            if (k != ParsedExample.NULL && k != expected) {
                throw new BadRecordException(Reason.WRONG_TYPE, "features." + name, "feature 'features." + name
                        + "' is a " + KINDS[expected] + " in model '" + model + "', got a " + KINDS[k]);
            }
            canonical[c] = k == ParsedExample.STRING ? (double) Hash52.of(record.strings[i], CATEGORY_BITS)
                    : record.values[i];
        }
    }

    /** The slot a field introduced earlier in the same record took, or ABSENT. */
    private int pending(double[] canonical, int next, long h) {
        for (int c = fields; c < next; c++) {
            if ((long) canonical[width + c] >>> 2 == h) {
                return c;
            }
        }
        return LongIntMap.ABSENT;
    }

    /**
     * The learning step's change of the encoding, from a canonical record alone: admits the fields it introduces,
     * updates the running means, gives a missing field its indicator, admits new categories.
     */
    void learn(double[] canonical) {
        for (int c = fields; c < width && canonical[width + c] != 0; c++) {
            long tag = (long) canonical[width + c];
            admitField(tag >>> 2, (byte) (tag & 3));
        }
        for (int c = 0; c < fields; c++) {
            double v = canonical[c];
            if (kind[c] != ParsedExample.STRING) {
                learnNumber(c, v);
            } else if (strings == Strings.VOCABULARY && !Double.isNaN(v)) {
                admitCategory(c, (long) v);
            }
        }
    }

    private void learnNumber(int c, double v) {
        if (first[c] == NONE) {
            return;
        }
        if (!Double.isNaN(v)) {
            seen[c]++;
            mean[c] += (v - mean[c]) / seen[c];
        } else if (extra[c] == NONE && used < inputs) {
            extra[c] = allocate(c, MISSING, 0);
        }
    }

    /** The learner's input for a canonical record (length {@link #inputs}). Allocates nothing. */
    void encode(double[] canonical, double[] x) {
        Arrays.fill(x, 0);
        for (int c = 0; c < fields; c++) {
            if (kind[c] != ParsedExample.STRING) {
                encodeNumber(c, canonical[c], x);
            } else if (!Double.isNaN(canonical[c])) {
                encodeCategory(c, (long) canonical[c], x);
            }
        }
    }

    private void encodeNumber(int c, double v, double[] x) {
        if (first[c] == NONE) {
            return;
        }
        boolean missing = Double.isNaN(v);
        x[first[c]] = missing ? mean[c] : v;
        if (missing && extra[c] != NONE) {
            x[extra[c]] = 1;
        }
    }

    private void encodeCategory(int c, long hash, double[] x) {
        if (strings == Strings.HASHING) {
            if (first[c] != NONE) {
                x[first[c] + (int) Math.floorMod(hash, (long) categories)] = 1;
            }
            return;
        }
        int at = vocabulary.get(key(c, hash));
        if (at != LongIntMap.ABSENT) {
            x[at] = 1;
        } else if (extra[c] != NONE) {
            x[extra[c]] = 1;
        }
    }

    /** Attaches the names of {@code record}'s fields and categories that the state knows only by hash. */
    void name(ParsedExample record) {
        for (int i = 0; i < record.count; i++) {
            int c = byName.get(Hash52.of(record.names[i], NAME_BITS));
            if (c == LongIntMap.ABSENT) {
                continue;
            }
            if (fieldName[c] == null) {
                fieldName[c] = record.names[i];
            }
            if (record.kinds[i] == ParsedExample.STRING && kind[c] == ParsedExample.STRING
                    && strings == Strings.VOCABULARY) {
                int at = vocabulary.get(key(c, Hash52.of(record.strings[i], CATEGORY_BITS)));
                if (at != LongIntMap.ABSENT && label[at] == null) {
                    String text = record.strings[i];
                    label[at] = text.length() <= MAX_CATEGORY_NAME ? text : text.substring(0, MAX_CATEGORY_NAME);
                }
            }
        }
    }

    private int admitField(long hash, byte fieldKind) {
        int c = fields++;
        fieldHash[c] = hash;
        kind[c] = fieldKind;
        first[c] = NONE;
        extra[c] = NONE;
        byName.put(hash, c);
        if (fieldKind != ParsedExample.STRING) {
            if (used < inputs) {
                first[c] = allocate(c, VALUE, 0);
            }
        } else if (strings == Strings.HASHING && used + categories <= inputs) {
            first[c] = used;
            for (int b = 0; b < categories; b++) {
                allocate(c, BUCKET, b);
            }
        }
        return c;
    }

    private void admitCategory(int c, long hash) {
        long key = key(c, hash);
        if (vocabulary.get(key) != LongIntMap.ABSENT) {
            return;
        }
        if (admitted[c] < categories && used < inputs) {
            vocabulary.put(key, allocate(c, CATEGORY, hash));
            admitted[c]++;
        } else if (extra[c] == NONE && used < inputs) {
            extra[c] = allocate(c, OVERFLOW, 0);
        }
    }

    private int allocate(int field, byte inputRole, long value) {
        int i = used++;
        owner[i] = field;
        role[i] = inputRole;
        category[i] = value;
        return i;
    }

    private static long key(int field, long categoryHash) {
        return (long) field << CATEGORY_BITS | categoryHash;
    }

    /** The encoded layout, input by input, for {@code /models/{key}}; unused inputs are left out. */
    List<EncodedInput> describe() {
        List<EncodedInput> out = new ArrayList<>(used);
        for (int i = 0; i < used; i++) {
            int c = owner[i];
            String field = fieldName[c] != null ? fieldName[c] : "#" + Long.toHexString(fieldHash[c]);
            String value = role[i] == CATEGORY ? (label[i] != null ? label[i] : "#" + Long.toHexString(category[i]))
                    : role[i] == BUCKET ? Long.toString(category[i]) : null;
            out.add(new EncodedInput(i, field, KINDS[kind[c]], ROLES[role[i]], value));
        }
        return out;
    }

    /**
     * The most bytes the encoder's stored form can still grow by — fields, inputs and names still to come — so that
     * a model is refused at creation rather than outgrow the model size limit later.
     */
    long largestGrowth() {
        long nameBytes = 3L * ExampleParser.MAX_NAME_CHARS;
        long categoryBytes = 3L * MAX_CATEGORY_NAME;
        long growth = (width - fields) * (40 + nameBytes) + (inputs - used) * (16 + categoryBytes);
        for (int c = 0; c < fields; c++) {
            growth += fieldName[c] == null ? nameBytes : 0;
        }
        for (int i = 0; i < used; i++) {
            growth += label[i] == null && role[i] == CATEGORY ? categoryBytes : 0;
        }
        return growth;
    }

    /** Fields the encoder holds, and their capacity. */
    int fields() {
        return fields;
    }

    int width() {
        return width;
    }

    /** Inputs in use (the rest of the D are 0 until a field or category takes them). */
    int used() {
        return used;
    }

    /**
     * <pre>
     * strings u8 | categories i32 | width i32 | inputs i32 | fields i32 | used i32
     *   | per field: hash i64 | kind u8 | name u8 [utf] | first i32 | extra i32 | admitted i32 | seen i64 | mean f64
     *   | per used input: field i32 | role u8 | value i64 | name u8 [utf]
     * </pre>
     */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeByte(strings.ordinal());
        out.writeInt(categories);
        out.writeInt(width);
        out.writeInt(inputs);
        out.writeInt(fields);
        out.writeInt(used);
        for (int c = 0; c < fields; c++) {
            out.writeLong(fieldHash[c]);
            out.writeByte(kind[c]);
            writeName(out, fieldName[c]);
            out.writeInt(first[c]);
            out.writeInt(extra[c]);
            out.writeInt(admitted[c]);
            out.writeLong(seen[c]);
            out.writeLong(Double.doubleToRawLongBits(mean[c]));
        }
        for (int i = 0; i < used; i++) {
            out.writeInt(owner[i]);
            out.writeByte(role[i]);
            out.writeLong(category[i]);
            writeName(out, label[i]);
        }
    }

    static FeatureEncoder readFrom(DataInputStream in) throws IOException {
        Strings strings = Strings.values()[in.readUnsignedByte()];
        FeatureEncoder e = new FeatureEncoder(strings, in.readInt(), in.readInt(), in.readInt());
        int fields = in.readInt();
        int used = in.readInt();
        if (fields < 0 || fields > e.width || used < 0 || used > e.inputs) {
            throw new IllegalArgumentException(fields + " fields or " + used + " inputs out of range");
        }
        for (int c = 0; c < fields; c++) {
            e.fieldHash[c] = in.readLong();
            e.kind[c] = in.readByte();
            e.fieldName[c] = readName(in);
            e.first[c] = inRange(in.readInt(), used);
            e.extra[c] = inRange(in.readInt(), used);
            e.admitted[c] = in.readInt();
            e.seen[c] = in.readLong();
            e.mean[c] = Double.longBitsToDouble(in.readLong());
            if (e.kind[c] < 0 || e.kind[c] > ParsedExample.STRING) {
                throw new IllegalArgumentException("field kind " + e.kind[c]);
            }
            e.byName.put(e.fieldHash[c], c);
        }
        e.fields = fields;
        for (int i = 0; i < used; i++) {
            e.owner[i] = inRange(in.readInt(), fields);
            e.role[i] = in.readByte();
            e.category[i] = in.readLong();
            e.label[i] = readName(in);
            if (e.role[i] == CATEGORY) {
                e.vocabulary.put(key(e.owner[i], e.category[i]), i);
            }
        }
        e.used = used;
        return e;
    }

    private static int inRange(int index, int bound) {
        if (index < NONE || index >= bound) {
            throw new IllegalArgumentException("index " + index + " out of range " + bound);
        }
        return index;
    }

    private static void writeName(DataOutputStream out, String name) throws IOException {
        out.writeBoolean(name != null);
        if (name != null) {
            out.writeUTF(name);
        }
    }

    private static String readName(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }
}
