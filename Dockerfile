# erstream image: build the shaded jar with Maven, run it on a JRE.
# Build stage: dependencies first, so that editing sources does not re-download them.
FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline || true
COPY topics topics
COPY src src
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17.0.16_8-jre
WORKDIR /app
COPY --from=build /src/target/erstream.jar /app/erstream.jar
COPY src/main/docker/erstream.properties /app/erstream.properties
# /metrics, /health and the interactive queries
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/erstream.jar"]
CMD ["run", "--config", "/app/erstream.properties"]
