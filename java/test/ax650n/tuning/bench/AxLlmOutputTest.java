package ax650n.tuning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AxLlmOutputTest {
    private static final String ESC = "\u001B";

    /** main_axcl_aarch64: every log line wrapped in a colour, the generated text in between. */
    private static final String OLD = String.join("\n",
            ESC + "[32m[I][                            Init][ 278]: LLM init ok" + ESC + "[0m",
            "prompt >> who are you",
            ESC + "[32m[I][                             Run][1016]: ttft: 930.97 ms" + ESC + "[0m",
            "I am Qwen, a large language model.",
            "",
            ESC + "[1;31m[N][                             Run][1168]: hit eos,avg 4.26 token/s" + ESC + "[0m",
            "");

    private static final String AXLLM = String.join("\n",
            "09:45:41.002 INF Init:218 | LLM init ok",
            "09:45:45.569 INF Run:1023 | ttft: 860.29 ms",
            "Hello! How can I help you today?",
            "09:45:47.825 NTC Run:1145 | hit eos,avg 5.76 token/s",
            "");

    private static final String NEWEST = String.join("\r\n",
            ESC + "[36m11:02:15.204" + ESC + "[0m INF Run:4980 | ttft: 391.50 ms",
            "Sure.",
            ESC + "[36m11:02:15.661" + ESC + "[0m " + ESC + "[33mNTC" + ESC + "[0m Run:5095 | hit eos,decode avg 4.00 token/s",
            "");

    @Test
    void oldColouredFormat() {
        AxLlmOutput o = AxLlmOutput.parse(OLD);
        assertTrue(o.hasSpeed());
        assertEquals(4.26, o.tokensPerSecond().getAsDouble());
        assertEquals(930.97, o.ttftMillis().getAsDouble());
        assertEquals(AxLlmOutput.Format.OLD, o.format());
    }

    @Test
    void axllmFormat() {
        AxLlmOutput o = AxLlmOutput.parse(AXLLM);
        assertEquals(5.76, o.tokensPerSecond().getAsDouble());
        assertEquals(860.29, o.ttftMillis().getAsDouble());
        assertEquals(AxLlmOutput.Format.AXLLM, o.format());
    }

    @Test
    void newestFormatWithColourAndCrLf() {
        AxLlmOutput o = AxLlmOutput.parse(NEWEST);
        assertEquals(4.00, o.tokensPerSecond().getAsDouble());
        assertEquals(391.50, o.ttftMillis().getAsDouble());
        assertEquals(AxLlmOutput.Format.NEWEST, o.format());
    }

    @Test
    void withoutTtftLineTheSpeedStillCounts() {
        String noTtft = "09:45:47.825 NTC Run:1145 | hit eos,avg 12.60 token/s\n";
        AxLlmOutput o = AxLlmOutput.parse(noTtft);
        assertTrue(o.hasSpeed());
        assertEquals(12.60, o.tokensPerSecond().getAsDouble());
        assertTrue(o.ttftMillis().isEmpty());

        AxLlmOutput old = AxLlmOutput.parse(ESC + "[1;31m[N][ Run][1168]: hit eos,avg 11 token/s" + ESC + "[0m");
        assertEquals(11.0, old.tokensPerSecond().getAsDouble());
        assertTrue(old.ttftMillis().isEmpty());
        assertEquals(AxLlmOutput.Format.OLD, old.format());
    }

    @Test
    void garbageHasNoSpeed() {
        for (String garbage : List.of("", "\n\n", "Segmentation fault (core dumped)\n",
                "axcl_init failed: ret=0x8030000b\n",
                "09:45:47.825 NTC Run:1145 | hit eos,avg nan token/s\n",
                "09:45:47.825 NTC Run:1145 | hit eos,avg -3.1 token/s\n",
                "09:45:47.825 NTC Run:1145 | hit eos,avg 5.76 tokens per second\n",
                "09:45:47.825 NTC Run:1145 | avg 5.76 token/s\n",
                "\u0000\u00ff" + ESC + "[2J" + ESC + "[H" + "binary\u0007junk")) {
            AxLlmOutput o = AxLlmOutput.parse(garbage);
            assertFalse(o.hasSpeed(), () -> "speed found in: " + garbage);
            assertTrue(o.tokensPerSecond().isEmpty());
            assertEquals(AxLlmOutput.Format.UNKNOWN, o.format());
        }
    }

    @Test
    void ttftWithoutSpeedIsStillAFailedRun() {
        AxLlmOutput o = AxLlmOutput.parse("09:45:45.569 INF Run:1023 | ttft: 860.29 ms\nKilled\n");
        assertFalse(o.hasSpeed());
        assertEquals(860.29, o.ttftMillis().getAsDouble());
    }

    @Test
    void severalPromptsKeepAllAndReportTheLast() {
        AxLlmOutput o = AxLlmOutput.parse(AXLLM + AXLLM.replace("5.76", "6.10").replace("860.29", "402.00"));
        assertEquals(List.of(5.76, 6.10), o.speeds());
        assertEquals(List.of(860.29, 402.00), o.ttfts());
        assertEquals(6.10, o.tokensPerSecond().getAsDouble());
        assertEquals(402.00, o.ttftMillis().getAsDouble());
    }

    @Test
    void stripAnsiRemovesCsiOscAndCarriageReturns() {
        assertEquals("abc def", AxLlmOutput.stripAnsi(ESC + "[1;32ma" + ESC + "[0mb" + ESC + "]0;title" + "\u0007c\r "
                + ESC + "[38;5;208mdef" + ESC + "[K"));
    }
}
