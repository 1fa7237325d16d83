import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly headers?: Record<string, string>;
}

/** SMTP through nodemailer when SMTP_URL is set; otherwise e-mail is off, and the boot log says so. */
@Injectable()
export class Mailer implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Mailer');
  private transport: Transporter | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.smtp !== null;
  }

  onModuleInit(): void {
    if (!this.config.smtp) {
      this.logger.log('e-mail is off: SMTP_URL is not set (in-app inbox and webhooks still work)');
      return;
    }
    const target = new URL(this.config.smtp.url);
    this.transport = nodemailer.createTransport(this.config.smtp.url);
    // Host and port only: the URL may carry credentials.
    this.logger.log({ smtp_host: target.hostname, smtp_port: target.port || null }, 'e-mail is on: sending through SMTP');
  }

  /** Sends one message; returns the SMTP message id. Throws when e-mail is off or SMTP refuses. */
  async send(email: OutgoingEmail): Promise<string> {
    if (!this.transport || !this.config.smtp) throw new Error('e-mail is off: SMTP_URL is not set');
    const info = await this.transport.sendMail({ from: this.config.smtp.from, to: email.to, subject: email.subject, text: email.text, html: email.html, headers: email.headers });
    return String(info.messageId ?? '');
  }

  onApplicationShutdown(): void {
    this.transport?.close();
  }
}
