package io.github.jobruntime.process;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Reading a process's environment as {@code /proc/PID/environ} holds it: NUL-separated {@code NAME=value}. */
class ProcessTableTest {

    private static boolean carries(String environ) {
        return ProcessTable.carries(environ, "JOB_RUNTIME_COOKIE", "42-beef");
    }

    @Test
    void cookieIsFoundFirstInTheMiddleAndLastWithOrWithoutTheFinalNul() {
        assertTrue(carries("JOB_RUNTIME_COOKIE=42-beef\0HOME=/home\0"));
        assertTrue(carries("PATH=/bin\0JOB_RUNTIME_COOKIE=42-beef\0HOME=/home\0"));
        assertTrue(carries("PATH=/bin\0JOB_RUNTIME_COOKIE=42-beef\0"));
        assertTrue(carries("PATH=/bin\0JOB_RUNTIME_COOKIE=42-beef"));
    }

    @Test
    void cookieOfAnEnclosingLauncherIsKeptBeforeItsOwn() {
        assertTrue(carries("JOB_RUNTIME_COOKIE=7-cafe:42-beef\0"));
        assertTrue(carries("JOB_RUNTIME_COOKIE=42-beef:99-f00d\0"));
    }

    @Test
    void otherCookiesNamesAndValuesDoNotCount() {
        assertFalse(carries(""));
        assertFalse(carries("\0\0"));
        assertFalse(carries("PATH=/bin\0HOME=/home\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE=42-beef0\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE=142-beef\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE=\0"));
        assertFalse(carries("MY_JOB_RUNTIME_COOKIE=42-beef\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE_OLD=42-beef\0"));
        assertFalse(carries("NOTE=JOB_RUNTIME_COOKIE=42-beef\0"));
        assertFalse(carries("JOB_RUNTIME_COOKIE 42-beef\0"));
    }
}
