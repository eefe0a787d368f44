package io.erstream.eval;

/** Replays a {@link Dataset}'s rows in order, copying each row into the caller's holder. */
final class DatasetStream implements ExampleStream {
    private final Dataset data;
    private int next;

    DatasetStream(Dataset data) {
        this.data = data;
    }

    @Override
    public int dimension() {
        return data.dimension();
    }

    @Override
    public int classes() {
        return data.classes();
    }

    @Override
    public String[] classNames() {
        return data.classNames == null ? null : data.classNames.clone();
    }

    @Override
    public boolean next(Example into) {
        if (next >= data.size()) {
            return false;
        }
        if (into.x.length != data.dimension()) {
            throw new IllegalArgumentException(
                    "holder has " + into.x.length + " features, dataset has " + data.dimension());
        }
        System.arraycopy(data.x[next], 0, into.x, 0, into.x.length);
        into.label = data.labels == null ? -1 : data.labels[next];
        into.target = data.targets == null ? Double.NaN : data.targets[next];
        into.index = next++;
        return true;
    }

    @Override
    public long size() {
        return data.size();
    }

    @Override
    public String name() {
        return "dataset";
    }
}
