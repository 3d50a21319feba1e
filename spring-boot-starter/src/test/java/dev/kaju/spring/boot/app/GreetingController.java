package dev.kaju.spring.boot.app;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Injects the interface: the bean behind it is the generated GreeterCached around CountingGreeter. */
@RestController
public class GreetingController {
  private final Greeter greeter;

  public GreetingController(Greeter greeter) {
    this.greeter = greeter;
  }

  @GetMapping("/greet/{name}")
  public String greet(@PathVariable("name") String name) {
    return greeter.greet(name);
  }
}
