// CPU nanoseconds per call of PortableMath and StrictMath on fields like a model's (3 × a standard normal), five
// rounds of 5 M calls each. Run from the repository after `mvn -B -o -q compile`:
//   jshell -q --class-path target/classes src/bench/exponentials.jsh
import io.erstream.learn.PortableMath;
import io.erstream.learn.Reflection;
var mx = java.lang.management.ManagementFactory.getThreadMXBean();
double[] hs = new double[4096];
var rnd = new java.util.SplittableRandom(3);
for (int i = 0; i < 4096; i++) hs[i] = 3 * rnd.nextGaussian();
double sink = 0;
for (int round = 0; round < 5; round++) {
  long t0 = mx.getCurrentThreadCpuTime();
  for (int i = 0; i < 5_000_000; i++) sink += PortableMath.exp(-Math.abs(hs[i & 4095]));
  long t1 = mx.getCurrentThreadCpuTime();
  for (int i = 0; i < 5_000_000; i++) sink += StrictMath.exp(-Math.abs(hs[i & 4095]));
  long t2 = mx.getCurrentThreadCpuTime();
  for (int i = 0; i < 5_000_000; i++) sink += Reflection.spin(hs[i & 4095], 1.0);
  long t3 = mx.getCurrentThreadCpuTime();
  for (int i = 0; i < 5_000_000; i++) sink += StrictMath.tanh(0.5 * Math.abs(hs[i & 4095]));
  long t4 = mx.getCurrentThreadCpuTime();
  for (int i = 0; i < 5_000_000; i++) sink += PortableMath.log(0.01 + Math.abs(hs[i & 4095]));
  long t5 = mx.getCurrentThreadCpuTime();
  for (int i = 0; i < 5_000_000; i++) sink += StrictMath.log(0.01 + Math.abs(hs[i & 4095]));
  long t6 = mx.getCurrentThreadCpuTime();
  for (int i = 0; i < 5_000_000; i++) sink += Math.abs(hs[i & 4095]);
  long t7 = mx.getCurrentThreadCpuTime();
  System.out.printf("exp: portable %.1f strict %.1f | reflection (portable) %.1f, StrictMath.tanh %.1f | log: portable %.1f strict %.1f | empty loop %.1f ns%n",
      (t1 - t0) / 5e6, (t2 - t1) / 5e6, (t3 - t2) / 5e6, (t4 - t3) / 5e6, (t5 - t4) / 5e6, (t6 - t5) / 5e6, (t7 - t6) / 5e6);
}
System.out.println(sink > 0);
/exit
