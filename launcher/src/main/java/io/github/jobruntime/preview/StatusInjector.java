package io.github.jobruntime.preview;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the platform's {@code notify_running_job(message)} into a status page right after its {@code <head…>}
 * tag, as the platform does before it shows the page. A page without {@code <head>} stays as it is: the
 * platform cannot inject into it either, and its buttons do nothing there.
 */
final class StatusInjector {

    /** {@code <head>} or {@code <head attr…>}, any case; not {@code <header>}. */
    private static final Pattern HEAD = Pattern.compile("<head(?:\\s[^>]*)?>", Pattern.CASE_INSENSITIVE);

    /**
     * POSTs the message as text to {@code /notify}; the server appends it and a newline to notifications.txt.
     * Then it tells the portal around the frame to refresh at once, so the message shows as sent.
     */
    static final String SCRIPT = "<script>function notify_running_job(message){"
            + "return fetch('/notify',{method:'POST',headers:{'Content-Type':'text/plain;charset=utf-8'},"
            + "body:String(message)}).then(function(r){if(!r.ok){return r.text().then(function(t){"
            + "throw new Error('notify_running_job: '+r.status+' '+t)})}"
            + "if(window.parent!==window){window.parent.postMessage('job-runtime-preview:sent',location.origin)}})}"
            + "</script>";

    private static final byte[] SCRIPT_BYTES = SCRIPT.getBytes(StandardCharsets.UTF_8);

    private StatusInjector() {
    }

    /** {@return the page with the script after its {@code <head…>} tag, or empty when it has none} */
    static Optional<byte[]> inject(byte[] page) {
        // ISO-8859-1 maps each byte to one char, so the match offset is a byte offset in any ASCII-compatible
        // encoding, and the page's own bytes are passed on untouched.
        Matcher head = HEAD.matcher(new String(page, StandardCharsets.ISO_8859_1));
        if (!head.find()) {
            return Optional.empty();
        }
        int at = head.end();
        byte[] injected = new byte[page.length + SCRIPT_BYTES.length];
        System.arraycopy(page, 0, injected, 0, at);
        System.arraycopy(SCRIPT_BYTES, 0, injected, at, SCRIPT_BYTES.length);
        System.arraycopy(page, at, injected, at + SCRIPT_BYTES.length, page.length - at);
        return Optional.of(injected);
    }

    /** {@return whether the platform could inject {@code notify_running_job} into this page} */
    static boolean hasHead(byte[] page) {
        return HEAD.matcher(new String(page, StandardCharsets.ISO_8859_1)).find();
    }
}
