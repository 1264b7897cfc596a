package io.github.jobruntime.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobRuntime;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The table is complete: a setting declared in it is listed, and the builder has a setter for it. */
class SettingsTest {

    private static List<Setting<?>> declared() throws IllegalAccessException {
        List<Setting<?>> settings = new ArrayList<>();
        for (Field field : Settings.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == Setting.class) {
                settings.add((Setting<?>) field.get(null));
            }
        }
        return settings;
    }

    @Test
    void everyDeclaredSettingIsListedOnce() throws IllegalAccessException {
        assertEquals(Set.copyOf(declared()), Set.copyOf(Settings.ALL));
        assertEquals(declared().size(), Settings.ALL.size());
    }

    @Test
    void theBuilderHasATypedSetterForEverySetting() {
        Set<String> setters = Stream.of(JobRuntime.Builder.class.getMethods()).map(Method::getName)
                .collect(Collectors.toSet());
        for (Setting<?> setting : Settings.ALL) {
            String name = setting.option().substring(2);
            StringBuilder setter = new StringBuilder();
            for (String word : name.split("-", -1)) {
                setter.append(setter.length() == 0 ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1));
            }
            assertTrue(setters.contains(setter.toString()), "JobRuntime.Builder." + setter + "(...)");
        }
    }
}
