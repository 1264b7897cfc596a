package io.github.jobruntime.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README and the guides under {@code docs/} point only at files and headings that exist, the README stays a
 * front door, and every guide can be reached from it.
 */
class DocsLinksTest {

    /** A Markdown link or image: {@code [text](target)} or {@code ![alt](target)}, the target without spaces. */
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6} (.+)$");

    @Test
    void everyRelativeLinkAndImageNamesAFileThatExists() {
        List<String> broken = new ArrayList<>();
        for (Path document : documents()) {
            for (String target : links(document)) {
                if (isExternal(target)) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                Path resolved = file.isEmpty() ? document : document.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    broken.add(name(document) + ": " + target + " (no " + name(resolved) + ")");
                } else if (target.contains("#") && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(target.indexOf('#') + 1))) {
                    broken.add(name(document) + ": " + target + " (no such heading in " + name(resolved) + ")");
                }
            }
        }
        assertEquals(List.of(), broken, "links to files or headings that do not exist");
    }

    @Test
    void readmeStaysUnder200Lines() {
        List<String> lines = lines(Checkout.file("README.md"));

        assertTrue(lines.size() < 200, "README.md has " + lines.size() + " lines - move the detail to a guide"
                + " under docs/ and link it from the README's table of guides");
    }

    @Test
    void everyGuideIsListedInTheReadme() {
        List<String> readmeLinks = links(Checkout.file("README.md"));

        List<String> unlisted = documents().stream().map(DocsLinksTest::name)
                .filter(name -> name.startsWith("docs/") && !readmeLinks.contains(name)).toList();

        assertEquals(List.of(), unlisted, "guides that the README's table of guides does not link");
    }

    @Test
    void readmeKeepsTheTwoCommandsNearTheTop() {
        String top = String.join("\n", lines(Checkout.file("README.md")).subList(0, 50));

        assertTrue(top.contains("./test.sh ") && top.contains("./mvnw -B verify"), top);
    }

    /** {@return README.md and every Markdown file under docs/} */
    private static List<Path> documents() {
        List<Path> documents = new ArrayList<>(List.of(Checkout.file("README.md")));
        try (Stream<Path> files = Files.list(Checkout.file("docs"))) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + Checkout.file("docs"), e);
        }
        return documents;
    }

    /** {@return the link and image targets of a Markdown file, outside its fenced code blocks} */
    private static List<String> links(Path document) {
        List<String> targets = new ArrayList<>();
        boolean code = false;
        for (String line : lines(document)) {
            if (line.startsWith("```")) {
                code = !code;
            } else if (!code) {
                Matcher link = LINK.matcher(line.replaceAll("`[^`]*`", "``"));
                while (link.find()) {
                    targets.add(link.group(1));
                }
            }
        }
        return targets;
    }

    /** {@return the anchors a Markdown renderer gives the headings of a file, as GitHub makes them} */
    private static List<String> anchors(Path document) {
        List<String> anchors = new ArrayList<>();
        boolean code = false;
        for (String line : lines(document)) {
            if (line.startsWith("```")) {
                code = !code;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (!code && heading.matches()) {
                anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }

    private static boolean isExternal(String target) {
        return target.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*");
    }

    private static String name(Path file) {
        return Checkout.root().relativize(file).toString();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
