/**
 * What a published port most likely carries, from its number. Compose files say nothing about
 * protocols, so ecsify decides which load balancer (if any) a published port belongs on.
 */

/** Ports of data stores and brokers: published for developers, never put on a load balancer. */
export const DATASTORE_PORTS: ReadonlyMap<number, string> = new Map([
  [1433, 'SQL Server'],
  [1521, 'Oracle'],
  [2181, 'ZooKeeper'],
  [3306, 'MySQL/MariaDB'],
  [5432, 'PostgreSQL'],
  [5672, 'AMQP (RabbitMQ)'],
  [5984, 'CouchDB'],
  [6379, 'Redis'],
  [7474, 'Neo4j'],
  [7687, 'Neo4j'],
  [8086, 'InfluxDB'],
  [9042, 'Cassandra'],
  [9092, 'Kafka'],
  [9200, 'Elasticsearch/OpenSearch'],
  [9300, 'Elasticsearch/OpenSearch'],
  [11211, 'Memcached'],
  [26257, 'CockroachDB'],
  [27017, 'MongoDB'],
  [28015, 'RethinkDB'],
]);

/** Well-known ports that carry something other than HTTP: they go to a network load balancer. */
export const NON_HTTP_PORTS: ReadonlyMap<number, string> = new Map([
  [21, 'FTP'],
  [22, 'SSH'],
  [23, 'Telnet'],
  [25, 'SMTP'],
  [53, 'DNS'],
  [110, 'POP3'],
  [143, 'IMAP'],
  [389, 'LDAP'],
  [465, 'SMTPS'],
  [587, 'SMTP submission'],
  [636, 'LDAPS'],
  [853, 'DNS over TLS'],
  [993, 'IMAPS'],
  [995, 'POP3S'],
  [1883, 'MQTT'],
  [3389, 'RDP'],
  [4222, 'NATS'],
  [5060, 'SIP'],
  [5222, 'XMPP'],
  [5269, 'XMPP'],
  [8883, 'MQTT over TLS'],
  [25565, 'Minecraft'],
]);

/** Ports whose listener is HTTPS (the load balancer terminates TLS with a certificate). */
export const HTTPS_LISTENER_PORTS: ReadonlySet<number> = new Set([443, 8443]);
/** Container ports that speak TLS themselves: the target group uses HTTPS to reach them. */
export const TLS_CONTAINER_PORTS: ReadonlySet<number> = new Set([443, 8443]);
