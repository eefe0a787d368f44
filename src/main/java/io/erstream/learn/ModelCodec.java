package io.erstream.learn;

/**
 * The versioned binary model format: what the stream snapshots, the models topic carries and {@code fit}
 * writes. Doubles are stored as raw IEEE bits, so a round trip is bit-exact; a CRC-32C trailer makes a flipped
 * bit an error instead of a silently different model. Decoding builds a new model and returns it only when all
 * of it has been read and checked: never half-loaded.
 *
 * <pre>
 * "ERSM" | version u16 | kind u8 | body | crc32c u32 (of everything before it)
 * kind 1, online ER : {@link OnlineCodec}
 * kind 2, linear    : {@link LinearCodec}
 * kind 3, multilayer: {@link MultilayerCodec}
 * kind 4, warm start: {@link WarmStartCodec}
 * </pre>
 *
 * <p>The frame ({@link ModelFrame}) is one for every kind; each kind's codec writes and reads only its body. Version
 * 2 differs from version 1 only by the diagonal covariance flag of online ER; only a model with that flag is
 * written as version 2, so a full-covariance model's bytes are the same with or without the flag in the format
 * (fixtures, replays and readers of version 1 keep working), and a reader of version 1 refuses a diagonal model by
 * its version instead of misreading it. Version 3 is an online ER model that has learnt nothing, written as its
 * parameters alone ({@link #encodeInitial}).
 */
public final class ModelCodec {

    public static final int MAGIC = ModelFrame.MAGIC;
    /** The version every model but a diagonal-covariance online ER model is written in. */
    public static final short VERSION = ModelFrame.VERSION;
    /** Adds the diagonal covariance flag to online ER. */
    public static final short VERSION_DIAGONAL = ModelFrame.VERSION_DIAGONAL;
    /** The newest version this build reads: an online ER model that has learnt nothing, as its parameters alone. */
    public static final short VERSION_INITIAL = ModelFrame.VERSION_INITIAL;
    /** The size of every {@link #encodeInitial} value, whatever the model's dimension. */
    public static final int INITIAL_BYTES = OnlineCodec.INITIAL_BYTES;
    public static final byte KIND_ONLINE = ModelFrame.KIND_ONLINE;
    public static final byte KIND_LINEAR = ModelFrame.KIND_LINEAR;
    public static final byte KIND_MULTILAYER = ModelFrame.KIND_MULTILAYER;
    public static final byte KIND_WARM_START = ModelFrame.KIND_WARM_START;

    private ModelCodec() {
    }

    public static int encodedSize(OnlineReflection model) {
        return OnlineCodec.encodedSize(model);
    }

    public static byte[] encode(OnlineReflection model) {
        return OnlineCodec.encode(model);
    }

    /**
     * The bytes of an online ER model that is {@link OnlineReflection#isInitial initial}: {@link #decodeOnline}
     * rebuilds it from them, equal bit for bit.
     *
     * @throws IllegalArgumentException if the model is not initial
     */
    public static byte[] encodeInitial(OnlineReflection model) {
        return OnlineCodec.encodeInitial(model);
    }

    /** Decodes an online ER model (full or initial); throws {@link ModelFormatException} for anything else. */
    public static OnlineReflection decodeOnline(byte[] bytes) {
        return OnlineCodec.decode(bytes);
    }

    public static byte[] encode(LinearModel model) {
        return LinearCodec.encode(model);
    }

    public static LinearModel decodeLinear(byte[] bytes) {
        return LinearCodec.decode(bytes);
    }

    public static byte[] encode(MultilayerModel model) {
        return MultilayerCodec.encode(model);
    }

    public static MultilayerModel decodeMultilayer(byte[] bytes) {
        return MultilayerCodec.decode(bytes);
    }

    public static byte[] encode(WarmStart model) {
        return WarmStartCodec.encode(model);
    }

    public static WarmStart decodeWarmStart(byte[] bytes) {
        return WarmStartCodec.decode(bytes);
    }

    /** CRC-32C of whole encoded bytes: a short name for one exact model (a warm start's fingerprint). */
    public static int fingerprint(byte[] bytes) {
        return ModelFrame.fingerprint(bytes);
    }

    /** The kind byte of encoded model bytes (after checking magic, version and checksum). */
    public static byte kind(byte[] bytes) {
        return ModelFrame.kind(bytes);
    }
}
