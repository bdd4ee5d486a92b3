package dev.sightline.store.search;

/**
 * Where a search page stopped: at the record at {@code position}, after its first {@code skip} hits. Searches go
 * from the newest record to older ones, so the next page resumes at that record. Written as
 * {@code <position>-<skip>} (opaque to clients).
 */
record SearchCursor(long position, int skip) {

    static SearchCursor parse(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        int dash = cursor.indexOf('-');
        try {
            if (dash > 0) {
                long position = Long.parseLong(cursor.substring(0, dash));
                int skip = Integer.parseInt(cursor.substring(dash + 1));
                if (position > 0 && skip >= 0) {
                    return new SearchCursor(position, skip);
                }
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new IllegalArgumentException("not a cursor this search returned: " + cursor);
    }

    /** The exclusive upper bound of positions to list so this cursor's record is listed again. */
    long listBefore() {
        return position + 1;
    }

    @Override
    public String toString() {
        return position + "-" + skip;
    }
}
