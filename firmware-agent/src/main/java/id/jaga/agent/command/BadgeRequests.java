package id.jaga.agent.command;

/** The badges read at this agent that wait for the controller's decision. */
public interface BadgeRequests {
    /** For an agent with no readers: no decision is ever awaited. */
    BadgeRequests NONE = (request, output, reader) -> "no badge request " + request + " is awaiting a decision";

    /**
     * Takes badge request {@code request} (the seq of its badge event) for the controller's
     * decision. Null when it was waiting: it waits no more and the caller carries the decision out.
     * Otherwise why the decision must be refused: decided already (by the agent, past its wait), never
     * asked, or for another door. {@code output} is the lock an unlock opens, {@code reader} the
     * reader a deny answers; the other is null.
     */
    String claim(String request, String output, String reader);
}
