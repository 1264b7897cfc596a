package io.github.jobruntime.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.jobruntime.JobContext;
import io.github.jobruntime.JobState;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The tables of real programs, read line by line as a stream's parser hands them over. */
class TableRuleTest {

    /** Two steps of a GROMACS {@code md.log}: names with spaces, right-aligned above fixed-width values. */
    private static final String GROMACS = """
            Started mdrun on rank 0 Wed Sep 27 10:23:44 2017
                       Step           Time
                          0        0.00000

               Energies (kJ/mol)
                      Angle    Proper Dih.  Improper Dih.          LJ-14     Coulomb-14
                9.70061e+05    3.47595e+06    3.76448e+04    1.22264e+06    2.58018e+07
                    LJ (SR)  Disper. corr.   Coulomb (SR)   Coul. recip.      Potential
                1.25713e+08   -1.85510e+06   -8.63649e+08    6.81720e+05   -7.07601e+08
                Kinetic En.   Total Energy    Temperature Pres. DC (bar) Pressure (bar)
                1.61477e+08   -5.46124e+08    4.62524e+02   -7.22823e+01   -1.41634e+03
               Constr. rmsd
                6.55084e-05

            DD  step 24 load imb.: force  3.3%  pme mesh/force 1.632

                       Step           Time
                        500        1.00000

               Energies (kJ/mol)
                      Angle    Proper Dih.  Improper Dih.          LJ-14     Coulomb-14
                9.71061e+05    3.47495e+06    3.76348e+04    1.22164e+06    2.58118e+07
                    LJ (SR)  Disper. corr.   Coulomb (SR)   Coul. recip.      Potential
                1.25613e+08   -1.85410e+06   -8.63549e+08    6.81620e+05   -7.07501e+08
                Kinetic En.   Total Energy    Temperature Pres. DC (bar) Pressure (bar)
                1.61377e+08   -5.46024e+08    3.01250e+02   -7.21823e+01   -1.40634e+03
               Constr. rmsd
                6.54084e-05
            """;

    private final Points points = new Points();

    private void read(String spec, String text) {
        Consumer<String> reader = TableRule.parse(spec).reader(points);
        text.lines().filter(line -> !line.isBlank()).forEach(reader);
    }

    @Test
    void lammpsThermoOutputIsChartedByColumnName() throws IOException {
        read("Temp,Press", resource("/command/lammps-melt.out.txt"));

        assertEquals(List.of(3.0, 1.6842865, 1.6712577, 1.6444751, 1.6471542, 1.6645597), points.of("Temp"));
        assertEquals(6, points.of("Press").size());
        assertEquals(5.7526089, points.of("Press").get(5));
        assertEquals(2, points.names().size(), "the timing table below it (Pair | 0.59877 ...) is no row: "
                + points.names());
    }

    @Test
    void aLaterRunsNewHeaderStartsANewTableOfTheSameSeries() throws IOException {
        String run = resource("/command/lammps-melt.out.txt");
        read("Temp", run + run.replace("Step Temp E_pair E_mol TotEng Press", "Step Temp Press"));

        assertEquals(6, points.of("Temp").size(), "the second header has other columns: its rows are 6 wide, not 3");
        points.clear();
        read("Temp", run + "Step Temp Press\n  300 1.5 2.5\n  350 1.25 2.75\nLoop time of 1\n 400 9 9\n");
        assertEquals(List.of(3.0, 1.6842865, 1.6712577, 1.6444751, 1.6471542, 1.6645597, 1.5, 1.25),
                points.of("Temp"));
    }

    @Test
    void gromacsEnergiesWithSpacesInTheirNamesAreReadByPosition() {
        read("Temperature,Pressure (bar),Pres. DC (bar),Step", GROMACS);

        assertEquals(List.of(462.524, 301.25), points.of("Temperature"));
        assertEquals(List.of(-1416.34, -1406.34), points.of("Pressure (bar)"));
        assertEquals(List.of(-72.2823, -72.1823), points.of("Pres. DC (bar)"));
        assertEquals(List.of(0.0, 500.0), points.of("Step"));
    }

    @Test
    void csvOfATrainingLoopWithAQuotedHeaderAndAMissingValue() {
        read("loss,val_loss", """
                "epoch","loss","val_loss"
                1,0.9,0.95
                2,0.5,
                3, 0.25 , 0.5
                training done
                4,0.1,0.1
                epoch,loss,val_loss
                1,0.8,0.9
                """);

        assertEquals(List.of(0.9, 0.5, 0.25, 0.8), points.of("loss"));
        assertEquals(List.of(0.95, 0.5, 0.9), points.of("val_loss"));
    }

    @Test
    void nanAndInfAreRowsWithoutAPoint() {
        read("loss", "step loss\n1 0.5\n2 nan\n3 -inf\n4 0.25\n");

        assertEquals(List.of(0.5, 0.25), points.of("loss"));
    }

    @Test
    void aHeaderThatIsNotFollowedByARowIsForgotten() {
        read("Temp", "Step Temp\nSetting up\n  1  300\n");

        assertTrue(points.names().isEmpty(), points.names().toString());
    }

    @Test
    void aWordThatOnlyContainsTheNameIsNoHeader() {
        read("Temp", "Step Temperature\n  1  300\n");

        assertTrue(points.names().isEmpty(), points.names().toString());
    }

    @Test
    void badSpecsSayHowToWriteThem() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> TableRule.parse("Temp,,"));
        assertTrue(empty.getMessage().contains("'Temp,Press'"), empty.getMessage());
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
                () -> Sourced.parse("file:Temp", TableRule::parse));
        assertTrue(noFile.getMessage().contains("file:PATH:"), noFile.getMessage());
        assertEquals(new Sourced<>(Path.of("log.lammps"), TableRule.parse("Temp, Press")),
                Sourced.parse("file:log.lammps:Temp,Press", TableRule::parse));
        assertEquals(new Sourced<>(null, TableRule.parse("Temp")), Sourced.parse("Temp", TableRule::parse));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TableRuleTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A job context that keeps the metric points, in order, per series. */
    private static final class Points implements JobContext {
        private final Map<String, List<Double>> series = new LinkedHashMap<>();

        List<Double> of(String name) {
            return series.getOrDefault(name, List.of());
        }

        List<String> names() {
            return List.copyOf(series.keySet());
        }

        void clear() {
            series.clear();
        }

        @Override
        public void metric(String name, double value) {
            if (Double.isFinite(value)) {
                series.computeIfAbsent(name, unused -> new ArrayList<>()).add(value);
            }
        }

        @Override
        public void progress(long done, long total) {
        }

        @Override
        public void progress(double done, double total) {
        }

        @Override
        public void message(String text) {
        }

        @Override
        public void log(String line) {
        }

        @Override
        public void tail(String line) {
        }

        @Override
        public void image(String name, byte[] bytes, String mediaType) {
        }

        @Override
        public void fact(String name, String value) {
        }

        @Override
        public void section(String title, String html) {
        }

        @Override
        public Path homeDir() {
            return Path.of("/home");
        }

        @Override
        public Path scratchDir() {
            return Path.of("/scratch");
        }

        @Override
        public Path serviceDir() {
            return Path.of("/service");
        }

        @Override
        public boolean isAbortRequested() {
            return false;
        }

        @Override
        public Optional<JobState> stopRequest() {
            return Optional.empty();
        }

        @Override
        public Optional<Instant> stopDeadline() {
            return Optional.empty();
        }

        @Override
        public void checkAbort() {
        }
    }
}
