package io.weir.sources;

/** A queue Weir will not peek, with why: it could not put the messages back, or doing so would harm them. */
public class PeekRefusedException extends SourceUnavailableException {

    public PeekRefusedException(String message) {
        super(message);
    }
}
